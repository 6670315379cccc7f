import Foundation
import LoopbackTestClient
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A fresh temporary directory, removed by the caller with `cleanup`.
func makeTempDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("httpserver-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
