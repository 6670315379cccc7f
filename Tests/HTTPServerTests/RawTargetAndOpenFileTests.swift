import LoopbackTestClient
import Foundation
import Glibc
import Synchronization
import Testing
@testable import HTTPServer

@Suite("Raw request target and open-file bodies")
struct RawTargetAndOpenFileTests {
    @Test func handlerSeesTheTargetAsSentBeforeDecoding() throws {
        let seen = Mutex<(String, String)?>(nil)
        let server = try HTTPServer(options: HTTPServerOptions()) { request in
            seen.withLock { $0 = (request.target, request.path) }
            return .text(200, "ok")
        }
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        try client.write("GET /a%2Fb%00c?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(try client.readHead().status == 200)
        let (target, path) = try #require(seen.withLock { $0 })
        #expect(target == "/a%2Fb%00c?x=1")
        // The decoded path ends at the encoded NUL: why handlers that care read `target`.
        #expect(path == "/a/b")
    }

    @Test func openFileBodyServesTheOpenedFileEvenAfterThePathIsReplaced() async throws {
        let folder = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("page.txt")
        try Data("0123456789".utf8).write(to: file)
        let path = file.path
        let server = try HTTPServer(options: HTTPServerOptions()) { request in
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return .text(500, "open failed") }
            // The path now names other content; the response must not notice.
            try? Data("replaced!!".utf8).write(to: URL(fileURLWithPath: path + ".new"))
            rename(path + ".new", path)
            let offset: Int64 = request.path == "/part" ? 2 : 0
            let length: Int64 = request.path == "/part" ? 3 : 100
            return HTTPResponse(status: 200, body: .openFile(OpenFile(adopting: fd), offset: offset, length: length))
        }
        defer { server.stop() }
        #expect(try await httpFetch(server.baseURL + "/part").text == "234")
        try Data("abcdefghij".utf8).write(to: file)
        // A length past the end is cut to what exists.
        #expect(try await httpFetch(server.baseURL + "/all").text == "abcdefghij")
    }
}
