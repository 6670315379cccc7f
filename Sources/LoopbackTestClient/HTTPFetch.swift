import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One answer as a test sees it.
public struct Fetched: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: [UInt8]
    public var text: String { String(decoding: body, as: UTF8.self) }
    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Refuses redirects so a test sees a 302 itself (FoundationNetworking's async API would follow it).
final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

/// One request through URLSession on an ephemeral session of its own; redirects are not followed.
public func httpFetch(_ url: String, method: String = "GET", headers: [String: String] = [:],
                      body: [UInt8]? = nil) async throws -> Fetched {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    if let body { request.httpBody = Data(body) }
    let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)
    defer { session.finishTasksAndInvalidate() }
    return try await withCheckedThrowingContinuation { continuation in
        session.dataTask(with: request) { data, response, error in
            if let error { return continuation.resume(throwing: error) }
            let http = response as! HTTPURLResponse
            var fields: [String: String] = [:]
            for (key, value) in http.allHeaderFields { fields["\(key)"] = "\(value)" }
            continuation.resume(returning: Fetched(status: http.statusCode, headers: fields, body: Array(data ?? Data())))
        }.resume()
    }
}
