import LoopbackTestClient
import Foundation
import Glibc
import Preview

/// One test's world: a temp folder holding the preview root `portal/` and, beside it, a
/// `secret.txt` that no request may ever reveal. Removed when the test ends.
final class PreviewFixture {
    static let secret = "TOPSECRET-7f3a9c"

    let base: URL
    let root: URL
    let secretFile: URL

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("preview-tests-\(UUID().uuidString)")
        root = base.appendingPathComponent("portal")
        secretFile = base.appendingPathComponent("secret.txt")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data(Self.secret.utf8).write(to: secretFile)
    }

    deinit { try? FileManager.default.removeItem(at: base) }

    func write(_ relative: String, _ text: String) throws {
        try write(relative, Array(text.utf8))
    }

    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func server(liveReload: Bool = true, heartbeat: Duration = .seconds(15),
                clock: any Clock<Duration> = ContinuousClock(),
                status: @escaping @Sendable () -> [UInt8] = { Array("{\"state\":\"idle\"}".utf8) }) throws -> PreviewServer {
        try PreviewServer(root: root, options: PreviewServerOptions(port: 0, liveReload: liveReload, heartbeat: heartbeat, clock: clock),
                          status: status)
    }
}

struct Reply {
    let status: Int
    let headers: [String: String]
    let body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// One request on its own connection, written byte for byte as given (no client-side
/// normalisation of "..", which URLSession would do), read to the end of its body.
func send(_ port: UInt16, _ method: String = "GET", _ target: String, headers: [String: String] = [:]) throws -> Reply {
    let client = try RawClient(port: port)
    var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    for (name, value) in headers { text += "\(name): \(value)\r\n" }
    text += "\r\n"
    try client.write(text)
    let head = try client.readHead()
    var body: [UInt8] = []
    if method != "HEAD" && head.status != 304 {
        if let length = head.headers["content-length"].flatMap({ Int($0) }) {
            body = try client.read(count: length)
        } else if head.headers["transfer-encoding"]?.lowercased() == "chunked" {
            while let chunk = try client.readChunk() { body += chunk }
        }
    }
    guard try client.readsEOF() else {
        throw RawClient.Failure(description: "bytes follow the response to \(method) \(target)")
    }
    return Reply(status: head.status, headers: head.headers, body: body)
}

/// A Server-Sent Events client over a raw socket. Used by one test at a time.
final class EventClient: @unchecked Sendable {
    struct Event: Equatable {
        var name: String
        var data: String
    }

    let client: RawClient
    private var pending = ""

    init(port: UInt16) throws {
        client = try RawClient(port: port)
        try client.write("GET /__portald/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        let head = try client.readHead()
        guard head.status == 200, head.headers["content-type"]?.hasPrefix("text/event-stream") == true else {
            throw RawClient.Failure(description: "event stream answered \(head.status) \(head.headers)")
        }
    }

    /// The next block (up to a blank line), comments included, as raw text.
    func nextBlock() throws -> String {
        while true {
            if let end = pending.range(of: "\n\n") {
                let block = String(pending[..<end.lowerBound])
                pending = String(pending[end.upperBound...])
                return block
            }
            guard let chunk = try client.readChunk() else { throw RawClient.Failure(description: "event stream ended") }
            pending += String(decoding: chunk, as: UTF8.self)
        }
    }

    /// `nextBlock` on a thread of its own: when what is awaited comes from a Swift task (the
    /// heartbeat), a blocking read must not hold one of the few cooperative threads it needs.
    func nextBlockOffPool() async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try self.nextBlock() }) }
        }
    }

    /// The next named event, skipping comment-only blocks (heartbeats).
    func nextEvent() throws -> Event {
        while true {
            let block = try nextBlock()
            var event = Event(name: "message", data: "")
            var sawField = false
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix(":") { continue }
                if line.hasPrefix("event: ") { event.name = String(line.dropFirst(7)); sawField = true }
                if line.hasPrefix("data: ") { event.data = String(line.dropFirst(6)); sawField = true }
            }
            if sawField { return event }
        }
    }

    func json(_ event: Event) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any] ?? [:]
    }
}
