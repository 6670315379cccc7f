import Foundation
import Glibc
import Synchronization

/// One request as the handler sees it, body fully received (bounded by `maxBodyBytes`).
public struct HTTPRequest: Sendable {
    public var method: String
    /// The URL path, percent-decoded by libmicrohttpd (`%2F` becomes `/`, `+` stays `+`),
    /// without the query string. Handlers serving files must still reject `..` segments.
    public var path: String
    /// The request target exactly as sent (still percent-encoded, query included), for
    /// handlers that must see what decoding hides (an encoded NUL ends `path` early).
    public var target: String
    /// Query arguments, decoded (`+` becomes a space); a repeated name keeps its last value.
    public var query: [String: String]
    /// Header names lowercased; repeated headers are joined with ", ".
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, path: String, query: [String: String] = [:],
                headers: [String: String] = [:], body: [UInt8] = [], target: String? = nil) {
        self.method = method
        self.path = path
        self.target = target ?? path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, b in a + ", " + b })
        self.body = body
    }

    /// Case-insensitive header lookup.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}

public enum HTTPBody: Sendable {
    case bytes([UInt8])
    /// Streamed from disk; a file that cannot be opened becomes a 404 instead.
    case file(path: String)
    /// `length` bytes of a file from `offset` (for 206 Range answers); 404 like `.file`,
    /// and a range past the end of the file is cut to what exists.
    case fileRange(path: String, offset: Int64, length: Int64)
    /// `length` bytes from `offset` of a file the handler already opened (so it is served from
    /// the very file it inspected, even if the path is replaced meanwhile); the server takes
    /// the descriptor over. A range past the end is cut to what exists.
    case openFile(OpenFile, offset: Int64, length: Int64)
    /// Chunked, producer-driven (Server-Sent Events); one stream serves one response.
    case stream(HTTPStream)
}

public struct HTTPResponse: Sendable {
    public var status: Int
    /// Sent as given, except `Content-Length`, which the server always computes itself.
    public var headers: [(String, String)]
    public var body: HTTPBody

    public init(status: Int, headers: [(String, String)] = [], body: HTTPBody = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(_ status: Int, _ value: some Encodable,
                            contentType: String = "application/json; charset=utf-8") -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else {
            return .text(500, "could not encode the JSON response")
        }
        return HTTPResponse(status: status, headers: [("Content-Type", contentType)], body: .bytes(Array(data)))
    }

    public static func text(_ status: Int, _ text: String,
                            contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", contentType)], body: .bytes(Array(text.utf8)))
    }

    /// The first value of a header, case-insensitive.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// An open regular file handed to the server. Whoever `take`s the descriptor owns it;
/// one never taken is closed with this object.
public final class OpenFile: Sendable {
    private let descriptor: Mutex<Int32>

    /// Adopts `fd` (the caller must not close it).
    public init(adopting fd: Int32) {
        descriptor = Mutex(fd)
    }

    /// The descriptor, once; -1 afterwards.
    func take() -> Int32 {
        descriptor.withLock { fd in
            defer { fd = -1 }
            return fd
        }
    }

    deinit {
        let fd = take()
        if fd >= 0 { close(fd) }
    }
}
