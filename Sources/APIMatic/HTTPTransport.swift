import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// A response with its body in memory (status and error bodies are small).
struct HTTPReply: Sendable {
    let status: Int
    /// Header names lowercased.
    let headers: [String: String]
    let body: [UInt8]
}

/// A response whose body went to a file.
struct HTTPFileReply: Sendable {
    let status: Int
    let headers: [String: String]
    let file: URL
}

/// The one place that drives URLSession. Uses the completion-handler task forms wrapped in
/// continuations: on this platform the async `data(for:)` follows redirects even when the
/// delegate refuses them, and the status request must see the 302 itself.
final class HTTPTransport: Sendable {
    private let session: URLSession

    init(requestTimeout: TimeInterval) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = requestTimeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration, delegate: RedirectPolicy(), delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// One request, body in memory. `followRedirects: false` returns a 3xx as it is.
    func send(_ request: URLRequest, followRedirects: Bool = true) async throws -> HTTPReply {
        try await run { session, finish in
            let task = session.dataTask(with: request) { data, response, error in
                finish(Result { try Self.reply(data, response, error) })
            }
            if !followRedirects { task.taskDescription = RedirectPolicy.noRedirect }
            return task
        }
    }

    /// Uploads the request body straight from a file, so a large zip is never held in memory.
    func upload(_ request: URLRequest, fromFile file: URL) async throws -> HTTPReply {
        try await run { session, finish in
            session.uploadTask(with: request, fromFile: file) { data, response, error in
                finish(Result { try Self.reply(data, response, error) })
            }
        }
    }

    /// Streams the body to disk and moves it to `destination` (replacing it), whatever the status.
    func download(_ request: URLRequest, to destination: URL) async throws -> HTTPFileReply {
        try await run { session, finish in
            session.downloadTask(with: request) { location, response, error in
                finish(Result {
                    if let error { throw error }
                    guard let http = response as? HTTPURLResponse, let location else { throw URLError(.badServerResponse) }
                    // The temporary file disappears when this handler returns: move it now.
                    try? FileManager.default.removeItem(at: destination)
                    try FileManager.default.moveItem(at: location, to: destination)
                    return HTTPFileReply(status: http.statusCode, headers: Self.headers(http), file: destination)
                })
            }
        }
    }

    /// Starts the task made by `make` and waits for it; Task cancellation cancels it.
    private func run<T: Sendable>(
        _ make: (URLSession, @escaping @Sendable (Result<T, any Error>) -> Void) -> URLSessionTask
    ) async throws -> T {
        let handle = TaskHandle()
        let result: Result<T, any Error> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let task = make(session) { continuation.resume(returning: $0) }
                handle.start(task)
            }
        } onCancel: {
            handle.cancel()
        }
        if Task.isCancelled { throw CancellationError() }
        if case .failure(let error as URLError) = result, error.code == .cancelled { throw CancellationError() }
        return try result.get()
    }

    private static func reply(_ data: Data?, _ response: URLResponse?, _ error: (any Error)?) throws -> HTTPReply {
        if let error { throw error }
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        return HTTPReply(status: http.statusCode, headers: headers(http), body: data.map { [UInt8]($0) } ?? [])
    }

    private static func headers(_ response: HTTPURLResponse) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            guard let name = name as? String, let value = value as? String else { continue }
            result[name.lowercased()] = value
        }
        return result
    }
}

/// Lets the cancellation handler reach a task that may not have been created yet.
private final class TaskHandle: Sendable {
    private let state = Mutex<(task: URLSessionTask?, cancelled: Bool)>((nil, false))

    func start(_ task: URLSessionTask) {
        let cancelled = state.withLock { state in
            state.task = task
            return state.cancelled
        }
        // Resume first even when already cancelled: a running task reliably reports its
        // cancellation through the completion handler, so the continuation always resumes.
        task.resume()
        if cancelled { task.cancel() }
    }

    func cancel() {
        let task = state.withLock { state in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }
}

/// Refuses redirects for status requests (the 302 is the answer), and drops the API key when
/// a download redirects to another origin (e.g. a storage bucket).
private final class RedirectPolicy: NSObject, URLSessionTaskDelegate, Sendable {
    static let noRedirect = "portald.no-redirect"

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        if task.taskDescription == Self.noRedirect {
            completionHandler(nil)
            return
        }
        var next = request
        let from = task.originalRequest?.url
        if let from, let to = request.url,
           from.scheme != to.scheme || from.host != to.host || from.port != to.port {
            next.setValue(nil, forHTTPHeaderField: "Authorization")
        }
        completionHandler(next)
    }
}
