import Foundation

/// `APIMATIC-BUILD.json`: the original bytes (what gets uploaded) and the parsed object.
public struct BuildFile: Sendable {
    /// Where the base URL may live; `portalSettings` wins when a file has both.
    static let baseURLPaths = [
        ["generatePortal", "portalSettings", "baseUrl"],
        ["generatePortal", "baseUrl"],
    ]

    public let url: URL
    public let bytes: [UInt8]
    public let object: [String: JSONValue]

    public init(url: URL, bytes: [UInt8]) throws {
        self.url = url
        self.bytes = bytes
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw Self.syntaxError(error, path: url.path, bytes: bytes)
        }
        guard case .object(let object)? = JSONValue(foundation: parsed) else {
            throw BuildInputError(
                .buildFile,
                "\(url.path) is valid JSON but not an object. APIMATIC-BUILD.json must be a JSON object "
                    + "such as {\"buildFileVersion\": \"1\", \"generatePortal\": {...}}.",
                path: url.path)
        }
        self.object = object
    }

    public static func load(from url: URL) throws -> BuildFile {
        let bytes: [UInt8]
        do {
            bytes = try POSIXFiles.readAll(url.path)
        } catch {
            throw BuildInputError(
                .buildFile,
                "Cannot read \(url.path): \(error.text). Check that the file exists and is readable by you.",
                path: url.path)
        }
        return try BuildFile(url: url, bytes: bytes)
    }

    public var generatePortal: JSONValue? { object["generatePortal"] }

    public var pageTitle: String? { generatePortal?["pageTitle"]?.stringValue }

    /// The configured portal base URL, from whichever place the file uses.
    public var baseUrl: String? {
        for path in Self.baseURLPaths {
            if let value = value(at: path)?.stringValue { return value }
        }
        return nil
    }

    /// The build file bytes with a localhost base URL replaced by `previewURL`, for the uploaded
    /// copy only (a portal bakes its base URL into its pages). Nil when no rewrite applies.
    public func rewritingLocalhostBaseURL(to previewURL: String) -> [UInt8]? {
        var ranges: [Range<Int>] = []
        for path in Self.baseURLPaths {
            guard let current = value(at: path)?.stringValue, Self.isLocalhost(current),
                  let range = JSONSource.valueRange(at: path, in: bytes)
            else { continue }
            ranges.append(range)
        }
        guard !ranges.isEmpty else { return nil }
        var rewritten = bytes
        for range in ranges.sorted(by: { $0.lowerBound > $1.lowerBound }) {
            rewritten.replaceSubrange(range, with: JSONSource.stringLiteral(previewURL))
        }
        return rewritten
    }

    static func isLocalhost(_ url: String) -> Bool {
        guard let host = URLComponents(string: url)?.host?.lowercased() else { return false }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return ["localhost", "127.0.0.1", "::1", "0.0.0.0"].contains(bare)
    }

    private func value(at path: [String]) -> JSONValue? {
        var current: JSONValue? = .object(object)
        for key in path { current = current?[key] }
        return current
    }

    /// JSONSerialization reports "… around character N." (a byte offset) or an end-of-file
    /// message; turn that into line and column, which is what an editor can jump to.
    private static func syntaxError(_ error: Error, path: String, bytes: [UInt8]) -> BuildInputError {
        let debug = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String)
            ?? (error as NSError).localizedDescription
        var reason = debug
        var offset: Int?
        if let marker = debug.range(of: " around character ") {
            let digits = debug[marker.upperBound...].prefix(while: \.isNumber)
            offset = Int(digits)
            reason = String(debug[..<marker.lowerBound])
        } else if debug.localizedCaseInsensitiveContains("end of file") || bytes.isEmpty {
            offset = bytes.count
        }
        if reason.hasSuffix(".") { reason.removeLast() }
        if let found = offset { offset = startOfBadWord(endingAt: found, in: bytes) }
        let position = offset.map { JSONSource.position(ofByte: $0, in: bytes) }
        let location = position.map { "\(path):\($0.line):\($0.column)" } ?? path
        let detail = position.map { "line \($0.line), column \($0.column): \(reason)" } ?? reason
        return BuildInputError(
            .buildFile,
            "\(location): APIMATIC-BUILD.json is not valid JSON (\(reason)). Fix the file there; "
                + "portald rebuilds as soon as it is saved.",
            path: path,
            details: [detail])
    }

    /// The parser stops after a bad bare word (`tru`, `01`, `1e`); an editor wants its start.
    private static func startOfBadWord(endingAt offset: Int, in bytes: [UInt8]) -> Int {
        if offset < bytes.count && bytes[offset] == UInt8(ascii: "\"") { return offset }
        var start = min(offset, bytes.count)
        while start > 0, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-".utf8.contains(bytes[start - 1]) {
            start -= 1
        }
        return start
    }
}
