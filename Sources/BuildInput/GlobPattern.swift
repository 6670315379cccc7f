/// One gitignore-style glob, compiled to tokens and matched over UTF-8 bytes (no regex, no
/// allocation per match) because the watcher asks about every event path.
struct GlobPattern: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case byte(UInt8)
        /// `?`: one byte that isn't `/`.
        case one
        /// `*`: any run of bytes without `/`.
        case star
        /// `**/`: zero or more whole directories (`""`, `a/`, `a/b/`, ...).
        case directories
        /// trailing `/**`-style `**`: anything, `/` included.
        case anything
        /// `[...]`: ranges over bytes; `negated` for `[!...]` / `[^...]`.
        case set(ranges: [ClosedRange<UInt8>], negated: Bool)
    }

    let tokens: [Token]

    /// `pattern` is a gitignore pattern body: no leading `!`, no leading or trailing `/`.
    init(_ pattern: String) {
        let bytes = Array(pattern.utf8)
        var tokens: [Token] = []
        var index = 0
        let slash = UInt8(ascii: "/")
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\\") where index + 1 < bytes.count:
                tokens.append(.byte(bytes[index + 1]))
                index += 2
            case UInt8(ascii: "?"):
                tokens.append(.one)
                index += 1
            case UInt8(ascii: "*"):
                let isDouble = index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*")
                let atSegmentStart = index == 0 || bytes[index - 1] == slash
                let afterEnd = index + 2
                if isDouble && atSegmentStart && afterEnd < bytes.count && bytes[afterEnd] == slash {
                    tokens.append(.directories)
                    index = afterEnd + 1
                } else if isDouble && atSegmentStart && afterEnd == bytes.count {
                    tokens.append(.anything)
                    index = afterEnd
                } else {
                    // Any other run of stars is an ordinary `*`.
                    if tokens.last != .star { tokens.append(.star) }
                    index += 1
                }
            case UInt8(ascii: "["):
                if let (token, next) = Self.parseSet(bytes, from: index) {
                    tokens.append(token)
                    index = next
                } else {
                    tokens.append(.byte(byte))
                    index += 1
                }
            default:
                tokens.append(.byte(byte))
                index += 1
            }
        }
        self.tokens = tokens
    }

    func matches(_ path: ArraySlice<UInt8>) -> Bool {
        Self.match(tokens[...], path)
    }

    private static func match(_ tokens: ArraySlice<Token>, _ path: ArraySlice<UInt8>) -> Bool {
        var tokens = tokens
        var path = path
        let slash = UInt8(ascii: "/")
        while let token = tokens.first {
            switch token {
            case .byte(let expected):
                guard path.first == expected else { return false }
                path = path.dropFirst()
            case .one:
                guard let byte = path.first, byte != slash else { return false }
                path = path.dropFirst()
            case .set(let ranges, let negated):
                guard let byte = path.first, byte != slash,
                      ranges.contains(where: { $0.contains(byte) }) != negated
                else { return false }
                path = path.dropFirst()
            case .star:
                let rest = tokens.dropFirst()
                var candidate = path
                while true {
                    if match(rest, candidate) { return true }
                    guard let byte = candidate.first, byte != slash else { return false }
                    candidate = candidate.dropFirst()
                }
            case .directories:
                let rest = tokens.dropFirst()
                var candidate = path
                while true {
                    if match(rest, candidate) { return true }
                    guard let cut = candidate.firstIndex(of: slash) else { return false }
                    candidate = candidate[(cut + 1)...]
                }
            case .anything:
                return !path.isEmpty
            }
            tokens = tokens.dropFirst()
        }
        return path.isEmpty
    }

    private static func parseSet(_ bytes: [UInt8], from start: Int) -> (Token, Int)? {
        var index = start + 1
        var negated = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "!") || bytes[index] == UInt8(ascii: "^") {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<UInt8>] = []
        var first = true
        while index < bytes.count {
            var low = bytes[index]
            if low == UInt8(ascii: "]") && !first {
                return (.set(ranges: ranges, negated: negated), index + 1)
            }
            first = false
            if low == UInt8(ascii: "\\"), index + 1 < bytes.count {
                index += 1
                low = bytes[index]
            }
            if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "-"), bytes[index + 2] != UInt8(ascii: "]") {
                let high = bytes[index + 2]
                if low <= high { ranges.append(low...high) }
                index += 3
            } else {
                ranges.append(low...low)
                index += 1
            }
        }
        return nil  // unterminated: `[` is a literal
    }
}
