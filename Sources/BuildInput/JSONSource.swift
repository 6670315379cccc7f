/// Byte-level helpers over JSON text that JSONSerialization doesn't offer: turning an error's
/// byte offset into line/column, and finding where one value sits so it can be replaced in place
/// (keeping the rest of the user's file byte-for-byte).
enum JSONSource {
    struct Position: Equatable, Sendable {
        /// 1-based.
        let line: Int
        /// 1-based, counted in characters (not bytes) of that line.
        let column: Int
    }

    static func position(ofByte offset: Int, in bytes: [UInt8]) -> Position {
        let offset = max(0, min(offset, bytes.count))
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let prefix = String(decoding: bytes[lineStart..<offset], as: UTF8.self)
        return Position(line: line, column: prefix.count + 1)
    }

    /// The byte range of the value at `path` (object keys), assuming `bytes` is JSON that already
    /// parsed; the last one wins for duplicate keys, as in the parser. Nil when absent.
    static func valueRange(at path: [String], in bytes: [UInt8]) -> Range<Int>? {
        var scanner = Scanner(bytes: bytes)
        scanner.skipWhitespace()
        return scanner.find(path[...])
    }

    /// `value` as a JSON string literal.
    static func stringLiteral(_ value: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += Array(#"\""#.utf8)
            case "\\": out += Array(#"\\"#.utf8)
            case "\n": out += Array(#"\n"#.utf8)
            case "\r": out += Array(#"\r"#.utf8)
            case "\t": out += Array(#"\t"#.utf8)
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out += Array(String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
            // A UTF-8 byte order mark is tolerated by the parser, so skip it here too.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        }

        mutating func find(_ path: ArraySlice<String>) -> Range<Int>? {
            guard let key = path.first else {
                let start = index
                guard skipValue() else { return nil }
                return start..<index
            }
            guard peek == UInt8(ascii: "{") else { return nil }
            index += 1
            var found: Range<Int>?
            while true {
                skipWhitespace()
                if peek == UInt8(ascii: "}") { index += 1; return found }
                if peek == UInt8(ascii: ",") { index += 1; continue }
                guard let name = readString() else { return nil }
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else { return nil }
                index += 1
                skipWhitespace()
                if name == key {
                    let saved = index
                    if let range = find(path.dropFirst()) { found = range }
                    index = saved
                }
                guard skipValue() else { return nil }
            }
        }

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        mutating func skipValue() -> Bool {
            guard let byte = peek else { return false }
            switch byte {
            case UInt8(ascii: "\""):
                return readString() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                index += 1
                while true {
                    skipWhitespace()
                    guard let next = peek else { return false }
                    if next == close { index += 1; return true }
                    if next == UInt8(ascii: ",") || next == UInt8(ascii: ":") { index += 1; continue }
                    guard skipValue() else { return false }
                }
            default:
                // Numbers, true, false, null: run to the next delimiter.
                let start = index
                while let next = peek, !"{}[],: \t\r\n".utf8.contains(next) { index += 1 }
                return index > start
            }
        }

        /// Reads a string literal at `index`, decoding escapes.
        mutating func readString() -> String? {
            guard peek == UInt8(ascii: "\"") else { return nil }
            index += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll()
            }
            while let byte = peek {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    flush()
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush()
                    guard let escaped = peek else { return nil }
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        guard var code = readHex4() else { return nil }
                        if (0xD800..<0xDC00).contains(code), peek == UInt8(ascii: "\\"),
                           index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") {
                            index += 2
                            guard let low = readHex4() else { return nil }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low &- 0xDC00)
                        }
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default: scalars.append(Unicode.Scalar(escaped))
                    }
                default:
                    raw.append(byte)
                }
            }
            return nil
        }

        mutating func readHex4() -> UInt32? {
            guard index + 4 <= bytes.count,
                  let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { return nil }
            index += 4
            return value
        }
    }
}
