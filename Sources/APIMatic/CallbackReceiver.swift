import Foundation
import HTTPServer

/// Receives the service's completion callbacks (`--callback-listen`). The URL handed to the
/// service is the public URL (`--callback-url`) with a per-run secret token appended; every
/// decision about a request is the mailbox's.
public final class CallbackReceiver: Sendable {
    let mailbox: CallbackMailbox
    private let server: HTTPServer
    /// What to send as `X-APIMatic-CallbackUrl`: the public URL + "/" + token.
    public let callbackURL: URL

    /// `listen` is HOST:PORT (`[v6]:PORT` for IPv6; port 0 picks one). Without a public URL
    /// the receiver's own loopback address is used (fine when the service runs locally).
    public init(listen: String = "127.0.0.1:0", publicURL: URL?) throws {
        let (host, port) = try Self.parseListen(listen)
        let mailbox = CallbackMailbox()
        self.mailbox = mailbox
        let options = HTTPServerOptions(
            host: host, port: port, maxBodyBytes: CallbackMailbox.maxBodyBytes,
            connectionTimeoutSeconds: 10, threads: 2)
        server = try HTTPServer(options: options) { request in
            let verdict = mailbox.receive(
                method: request.method, path: request.path,
                contentType: request.header("content-type"), body: request.body)
            return .text(verdict.status, verdict.reason + "\n")
        }
        let base = publicURL ?? URL(string: server.baseURL)!
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text + "/" + mailbox.token) else {
            server.stop()
            throw APIMaticError(kind: "config", message: "The callback URL \(base.absoluteString) is not a usable URL. Pass --callback-url http(s)://HOST[:PORT][/PATH].")
        }
        callbackURL = url
    }

    /// The port actually listened on (useful with port 0).
    public var port: UInt16 { server.port }

    public func stop() { server.stop() }

    static func parseListen(_ listen: String) throws(APIMaticError) -> (String, UInt16) {
        let bad = APIMaticError(
            kind: "config",
            message: "--callback-listen \(listen) is not HOST:PORT (e.g. 127.0.0.1:0, 0.0.0.0:8089 or [::1]:8089).")
        guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]) else { throw bad }
        var host = String(listen[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw bad }
        return (host, port)
    }
}

extension APIMaticClient {
    /// Submits with the receiver's callback URL; a callback that beats the 202 is not lost.
    public func submit(zip: URL, callbacks: CallbackReceiver) async throws -> Job {
        callbacks.mailbox.beginSubmission()
        do {
            return try await submit(zip: zip, callbackURL: callbacks.callbackURL)
        } catch {
            callbacks.mailbox.endSubmission()
            throw error
        }
    }

    /// Waits for the job: its callback (with a slow fallback poll) when `callbacks` is given,
    /// else polling. Returns the download URL. Cancelling abandons the job at once.
    public func waitUntilDone(
        _ job: Job, callbacks: CallbackReceiver? = nil, onStatus: @Sendable (String) -> Void = { _ in }
    ) async throws -> URL {
        try await wait(for: job, mailbox: callbacks?.mailbox, onStatus: onStatus)
    }
}
