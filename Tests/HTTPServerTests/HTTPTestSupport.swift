import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

struct Fetched: Sendable {
    let status: Int
    let headers: [String: String]
    let body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// One request through URLSession, on an ephemeral session of its own.
func fetch(_ url: String, method: String = "GET", headers: [String: String] = [:], body: [UInt8]? = nil) async throws -> Fetched {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    if let body { request.httpBody = Data(body) }
    let session = URLSession(configuration: .ephemeral)
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

/// A fresh temporary directory, removed by the caller with `cleanup`.
func makeTempDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("httpserver-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
