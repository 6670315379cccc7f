/// A `multipart/form-data` body (RFC 7578) split into its parts.
struct MultipartPart: Equatable {
    var name: String?
    var filename: String?
    var contentType: String?
    var body: [UInt8]
}

enum MultipartError: Error, Equatable {
    case notMultipart
    case missingBoundary
    case malformed(String)
}

enum Multipart {
    /// The boundary of a `multipart/form-data; boundary=...` content type (quoted or not).
    static func boundary(contentType: String?) throws(MultipartError) -> String {
        guard let contentType else { throw .notMultipart }
        let type = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmed().lowercased() }
        guard type == "multipart/form-data" else { throw .notMultipart }
        guard let value = parameters(contentType)["boundary"], !value.isEmpty, value.utf8.count <= 70 else {
            throw .missingBoundary
        }
        return value
    }

    static func parse(_ body: [UInt8], boundary: String) throws(MultipartError) -> [MultipartPart] {
        let dashBoundary = Array("--\(boundary)".utf8)
        let delimiter = [13, 10] + dashBoundary  // CRLF belongs to the delimiter, not the part
        // The first boundary may start the body or follow a preamble line.
        guard var position = find(dashBoundary, in: body, from: 0) else { throw .malformed("no opening boundary") }
        position += dashBoundary.count
        var parts: [MultipartPart] = []
        while true {
            if body.starts(with: [45, 45], at: position) { return parts }  // "--": close delimiter
            // Transport padding (spaces/tabs) may sit before the CRLF.
            while position < body.count, body[position] == 32 || body[position] == 9 { position += 1 }
            guard body.starts(with: [13, 10], at: position) else { throw .malformed("boundary not followed by CRLF") }
            position += 2
            guard let headerEnd = find([13, 10, 13, 10], in: body, from: position - 2) else {
                throw .malformed("part headers do not end")
            }
            let headerBytes = headerEnd > position ? Array(body[position..<headerEnd]) : []
            var part = try parseHeaders(headerBytes)
            let contentStart = headerEnd + 4
            guard let contentEnd = find(delimiter, in: body, from: contentStart) else {
                throw .malformed("no closing boundary after part \(part.name.map { "'\($0)'" } ?? "\(parts.count + 1)")")
            }
            part.body = Array(body[contentStart..<contentEnd])
            parts.append(part)
            position = contentEnd + delimiter.count
        }
    }

    private static func parseHeaders(_ bytes: [UInt8]) throws(MultipartError) -> MultipartPart {
        var part = MultipartPart(body: [])
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { throw .malformed("bad part header line") }
            let name = line[..<colon].trimmed().lowercased()
            let value = line[line.index(after: colon)...].trimmed()
            switch name {
            case "content-disposition":
                let fields = parameters(value)
                part.name = fields["name"]
                part.filename = fields["filename"]
            case "content-type":
                part.contentType = value
            default:
                break
            }
        }
        return part
    }

    /// `form-data; name="file"; filename="a;b.zip"`: the parameters after the first `;`
    /// (names lowercased), honouring quotes and `\` escapes.
    static func parameters(_ value: String) -> [String: String] {
        var parameters: [String: String] = [:]
        var characters = Substring(value)
        // Skip the disposition type.
        guard let firstSemicolon = characters.firstIndex(of: ";") else { return [:] }
        characters = characters[characters.index(after: firstSemicolon)...]
        while !characters.isEmpty {
            while characters.first == " " || characters.first == ";" { characters.removeFirst() }
            guard let equals = characters.firstIndex(of: "=") else { break }
            let key = characters[..<equals].trimmed().lowercased()
            characters = characters[characters.index(after: equals)...]
            var parsed = ""
            if characters.first == "\"" {
                characters.removeFirst()
                while let character = characters.first {
                    characters.removeFirst()
                    if character == "\\", let escaped = characters.first {
                        parsed.append(escaped)
                        characters.removeFirst()
                    } else if character == "\"" {
                        break
                    } else {
                        parsed.append(character)
                    }
                }
            } else {
                let end = characters.firstIndex(of: ";") ?? characters.endIndex
                parsed = characters[..<end].trimmed()
                characters = characters[end...]
            }
            parameters[key] = parsed
        }
        return parameters
    }

    /// First index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var index = max(start, 0)
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack.starts(with: needle, at: index) { return index }
            index += 1
        }
        return nil
    }
}

private extension Array where Element == UInt8 {
    func starts(with prefix: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + prefix.count <= count else { return false }
        for i in 0..<prefix.count where self[offset + i] != prefix[i] { return false }
        return true
    }
}

extension StringProtocol {
    func trimmed() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
