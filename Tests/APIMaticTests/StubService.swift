import Archive
import Foundation
import HTTPServer
import Synchronization
@testable import APIMatic

/// A scripted stand-in for the APIMatic service on a loopback HTTPServer. Each route answers
/// from its queue of responses; the last one repeats. Every request is recorded.
final class StubService: Sendable {
    enum Route: String, Sendable { case submit, status, download, other }

    struct Recorded: Sendable {
        let route: Route
        let request: HTTPRequest
    }

    typealias Responder = @Sendable (HTTPRequest) -> HTTPResponse

    /// Held by the handler instead of the service itself: the last release of the service
    /// (which stops the server) must never happen on a server worker thread.
    private final class Script: Sendable {
        struct State {
            var responders: [Route: [Responder]] = [:]
            var log: [Recorded] = []
        }
        let state = Mutex(State())
    }

    private let scriptState = Script()
    private let server: HTTPServer
    let jobID = "0194caa0-d38a-72e9-bcc8-df71acb5fd97"

    init() throws {
        let script = scriptState
        server = try HTTPServer(options: HTTPServerOptions(threads: 2)) { request in
            StubService.handle(request, script: script)
        }
        // Defaults: a job that is done at once.
        self.script(.submit, responses: [acceptedResponse])
        self.script(.status, responses: [.raw(200, #"{"status":"Completed"}"#)])
    }

    deinit { server.stop() }

    var base: String { server.baseURL }
    var baseURL: URL { URL(string: base)! }
    var job: Job {
        Job(id: jobID, statusURL: URL(string: "\(base)/jobs/\(jobID)/status")!,
            downloadURL: URL(string: "\(base)/jobs/\(jobID)/download")!)
    }

    var acceptedResponse: HTTPResponse {
        .raw(202, #"{"id":"\#(jobID)","links":{"status":"\#(job.statusURL.absoluteString)","download":"\#(job.downloadURL.absoluteString)"}}"#)
    }

    func stop() { server.stop() }

    /// Replaces the queue of responses for one route.
    func script(_ route: Route, _ responders: [Responder]) {
        scriptState.state.withLock { $0.responders[route] = responders }
    }

    func script(_ route: Route, responses: [HTTPResponse]) {
        script(route, responses.map { response in { _ in response } })
    }

    func requests(_ route: Route) -> [HTTPRequest] {
        scriptState.state.withLock { $0.log.filter { $0.route == route }.map(\.request) }
    }

    private static func handle(_ request: HTTPRequest, script: Script) -> HTTPResponse {
        let route: Route
        if request.method == "POST" && request.path == "/portal/v2" { route = .submit }
        else if request.path.hasSuffix("/status") { route = .status }
        else if request.path.hasSuffix("/download") || request.path.hasPrefix("/files/") { route = .download }
        else { route = .other }
        let responder = script.state.withLock { state -> Responder? in
            state.log.append(Recorded(route: route, request: request))
            guard var queue = state.responders[route], !queue.isEmpty else { return nil }
            let first = queue[0]
            if queue.count > 1 { queue.removeFirst() }
            state.responders[route] = queue
            return first
        }
        return responder?(request) ?? .text(404, "no route")
    }
}

/// A temp directory per test, removed at the end.
struct TempDir: ~Copyable {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("apimatic-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> URL { url.appendingPathComponent(name) }
    func contents() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }
    deinit { try? FileManager.default.removeItem(at: url) }
}

enum Fixtures {
    static let key = "sk_test_NEVER-PRINT-ME-7f3e1d"

    static func zip(at url: URL, files: [String: String]) throws {
        let writer = try ZipWriter(path: url.path)
        for (path, contents) in files.sorted(by: { $0.key < $1.key }) {
            try writer.addFile(path, contents: contents)
        }
        try writer.close()
    }

    static func buildZip(in dir: borrowing TempDir) throws -> URL {
        let url = dir.path("build.zip")
        try zip(at: url, files: ["APIMATIC-BUILD.json": #"{"buildFileVersion":"1"}"#, "spec/openapi.yaml": "openapi: 3.0.0\n"])
        return url
    }

    static func config(_ service: StubService, _ edit: (inout ClientConfig) -> Void = { _ in }) -> ClientConfig {
        var config = ClientConfig(baseURL: service.baseURL, key: APIKey(key), userAgent: ClientConfig.userAgent(version: "9.9.9"))
        config.requestTimeout = 20
        edit(&config)
        return config
    }
}

extension HTTPResponse {
    /// A response with a literal body (JSON unless said otherwise) and extra headers.
    static func raw(_ status: Int, _ body: String, type: String = "application/json", headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", type)] + headers, body: .bytes(Array(body.utf8)))
    }
}
