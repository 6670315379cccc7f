/// A request target decoded by us from the raw bytes the client sent (libmicrohttpd's
/// decoded path hides an encoded NUL), reduced to plain path segments or refused.
///
/// Refused (400): not origin-form ("http://x/", "*"), a bad percent escape, an encoded or
/// literal NUL or control character, a backslash (raw or `%5c`), bytes that are not valid
/// UTF-8 (overlong forms such as `%c0%ae` included), and "." or ".." segments, whether
/// written plainly or encoded (`%2e%2e`, `..%2f`). Empty segments (`//`) collapse.
struct RequestTarget: Equatable {
    let segments: [String]
    /// The path ended in "/" (asks for a directory's index.html).
    let trailingSlash: Bool
    /// The query string as sent (without "?"), kept for redirects.
    let query: String?

    /// The segments joined for a lookup beneath the root ("" for the root itself).
    var relativePath: String { segments.joined(separator: "/") }

    static func parse(_ target: String) -> RequestTarget? {
        let raw = Array(target.utf8)
        guard raw.first == UInt8(ascii: "/") else { return nil }
        let pathEnd = raw.firstIndex(of: UInt8(ascii: "?")) ?? raw.endIndex
        let query = pathEnd < raw.endIndex ? String(decoding: raw[(pathEnd + 1)...], as: UTF8.self) : nil
        guard let decoded = percentDecoded(raw[..<pathEnd]) else { return nil }
        for byte in decoded where byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\\") {
            return nil
        }
        guard let text = String(validating: decoded, as: UTF8.self) else { return nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.contains(where: { $0 == "." || $0 == ".." }) { return nil }
        return RequestTarget(segments: parts, trailingSlash: text.hasSuffix("/") && !parts.isEmpty, query: query)
    }

    /// The path with each segment percent-encoded again, for a Location header: built from
    /// the segments, so "//evil.example" can never become a protocol-relative redirect.
    func encodedPath(trailingSlash slash: Bool) -> String {
        var text = "/" + segments.map(Self.encode).joined(separator: "/")
        if slash && !segments.isEmpty { text += "/" }
        if let query { text += "?" + String(query.utf8.filter { $0 > 0x20 && $0 < 0x7F }.map { Character(UnicodeScalar($0)) }) }
        return text
    }

    private static func percentDecoded(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    return nil
                }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func encode(_ segment: String) -> String {
        var text = ""
        for byte in segment.utf8 {
            let unreserved = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || "-._~".utf8.contains(byte)
            if unreserved {
                text.append(Character(UnicodeScalar(byte)))
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                text += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            }
        }
        return text
    }
}
