import Archive
import Foundation
import LoopbackTestClient
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import Emulator

extension Fetched {
    func json() throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }
}

let testKey = "test-key-123"

/// A request with the test key, redirects not followed.
func fetch(_ url: String, method: String = "GET", headers: [String: String] = ["Authorization": "X-Auth-Key \(testKey)"],
           body: [UInt8]? = nil) async throws -> Fetched {
    try await httpFetch(url, method: method, headers: headers, body: body)
}

/// A multipart/form-data body with one part per (name, bytes).
func multipart(_ parts: [(name: String, bytes: [UInt8])], boundary: String = "----portaldTest\(UUID().uuidString)") -> (contentType: String, body: [UInt8]) {
    var body: [UInt8] = Array("preamble to ignore\r\n".utf8)
    for part in parts {
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"; filename=\"build.zip\"\r\nContent-Type: application/zip\r\n\r\n".utf8)
        body += part.bytes
        body += Array("\r\n".utf8)
    }
    body += Array("--\(boundary)--\r\n".utf8)
    return ("multipart/form-data; boundary=\(boundary)", body)
}

/// A temp directory removed by the caller.
func makeTempDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A zip holding `entries` (path -> contents), in the given order.
func makeZip(_ entries: [(String, String)], in directory: URL) throws -> [UInt8] {
    let path = directory.appendingPathComponent("upload-\(UUID().uuidString).zip")
    let writer = try ZipWriter(path: path.path)
    for (name, contents) in entries { try writer.addFile(name, contents: contents) }
    try writer.close()
    return Array(try Data(contentsOf: path))
}

let buildFile = """
    {"$schema": "https://titan.apimatic.io/api/build/schema", "buildFileVersion": "1",
     "generatePortal": {"pageTitle": "Pets <API>", "navTitle": "Pets", "languageConfig": {"http": {}}}}
    """

let sampleBuild: [(String, String)] = [
    ("APIMATIC-BUILD.json", buildFile),
    ("content/guides/intro & setup.md", "# Intro\n"),
    ("spec/openapi.yaml", "openapi: 3.0.0\n"),
]

/// Everything a test needs around one running emulator.
struct Harness {
    let emulator: Emulator
    let directory: URL

    init(faults: [Fault] = [], latency: Duration = .zero, key: String? = nil, clock: any Clock<Duration> = ContinuousClock(),
         renderer: any PortalRenderer = EchoRenderer()) throws {
        directory = try makeTempDirectory()
        var options = EmulatorOptions()
        options.faults = faults
        options.latency = latency
        options.key = key
        options.renderer = renderer
        emulator = try Emulator(options: options, clock: clock)
    }

    func cleanup() {
        emulator.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func submit(_ entries: [(String, String)] = sampleBuild, headers extra: [String: String] = [:]) async throws -> Fetched {
        let form = multipart([("file", try makeZip(entries, in: directory))])
        var headers = ["Authorization": "X-Auth-Key \(testKey)", "Content-Type": form.contentType]
        headers.merge(extra) { _, new in new }
        return try await fetch(emulator.baseURL + "/portal/v2", method: "POST", headers: headers, body: form.body)
    }

    /// Submits, expects 202, returns (id, status url, download url).
    func accepted(_ entries: [(String, String)] = sampleBuild, headers: [String: String] = [:]) async throws -> (id: String, status: String, download: String) {
        let response = try await submit(entries, headers: headers)
        try #require(response.status == 202)
        let json = try response.json()
        let links = try #require(json["links"] as? [String: String])
        return (try #require(json["id"] as? String), try #require(links["status"]), try #require(links["download"]))
    }

    /// Saves downloaded bytes so the Archive module can read them.
    func save(_ bytes: [UInt8]) throws -> String {
        let path = directory.appendingPathComponent("download-\(UUID().uuidString).zip").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Entry path -> contents of a downloaded zip.
    func entries(of bytes: [UInt8], limits: ExtractionLimits = .default) throws -> [String: String] {
        var entries: [String: String] = [:]
        try ZipReader.forEachEntry(in: try save(bytes), readContents: true, limits: limits) { info, contents in
            entries[info.path] = contents.map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        return entries
    }
}
