import LoopbackTestClient
import Foundation
import Glibc
import Synchronization
import Testing
@testable import HTTPServer

private struct Echo: Codable {
    let method: String
    let path: String
    let query: [String: String]
    let headers: [String: String]
    let body: String
}

private func echoHandler(_ request: HTTPRequest) -> HTTPResponse {
    .json(200, Echo(method: request.method, path: request.path, query: request.query,
                    headers: request.headers, body: String(decoding: request.body, as: UTF8.self)))
}

@Suite struct HTTPServerTests {
    @Test func getDeliversPathQueryAndHeaders() async throws {
        let server = try HTTPServer(options: HTTPServerOptions(), handler: echoHandler)
        defer { server.stop() }
        #expect(server.port != 0)
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")

        let response = try await httpFetch(server.baseURL + "/docs/a%20b?x=1&words=two+words",
                                       headers: ["X-Custom-Thing": "Value 1"])
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json; charset=utf-8")
        let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
        #expect(echo.method == "GET")
        #expect(echo.path == "/docs/a b")
        #expect(echo.query == ["x": "1", "words": "two words"])
        #expect(echo.headers["x-custom-thing"] == "Value 1")
        #expect(echo.body == "")
    }

    @Test func postDeliversTheWholeBody() async throws {
        let server = try HTTPServer(options: HTTPServerOptions(), handler: echoHandler)
        defer { server.stop() }
        // Bigger than one socket read, so the body arrives in several upload calls.
        let body = (0..<300_000).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        let response = try await httpFetch(server.baseURL + "/upload", method: "POST",
                                       headers: ["Content-Type": "text/plain"], body: body)
        #expect(response.status == 200)
        let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
        #expect(echo.method == "POST")
        #expect(Array(echo.body.utf8) == body)
        #expect(echo.headers["content-type"] == "text/plain")
    }

    @Test func bodyOverTheCapIs413WithoutCallingTheHandler() async throws {
        let calls = Mutex(0)
        var options = HTTPServerOptions()
        options.maxBodyBytes = 1000
        let server = try HTTPServer(options: options) { request in
            calls.withLock { $0 += 1 }
            return .text(200, "\(request.body.count)")
        }
        defer { server.stop() }

        let over = try await httpFetch(server.baseURL + "/u", method: "POST", body: [UInt8](repeating: 1, count: 5000))
        #expect(over.status == 413)
        #expect(over.text.contains("1000"))
        let at = try await httpFetch(server.baseURL + "/u", method: "POST", body: [UInt8](repeating: 1, count: 1000))
        #expect(at.status == 200)
        #expect(at.text == "1000")
        #expect(calls.withLock { $0 } == 1)
    }

    @Test func chunkedUploadOverTheCapIs413() throws {
        var options = HTTPServerOptions()
        options.maxBodyBytes = 100
        let server = try HTTPServer(options: options) { .text(200, "\($0.body.count)") }
        defer { server.stop() }

        let client = try RawClient(port: server.port)
        let chunk = String(repeating: "x", count: 80)
        try client.write("POST /u HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
        try client.write("50\r\n\(chunk)\r\n50\r\n\(chunk)\r\n0\r\n\r\n")
        let head = try client.readHead()
        #expect(head.status == 413)
    }

    @Test func fileBodyIsStreamedFromDiskAndMissingFilesAre404() async throws {
        let directory = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let file = directory.appendingPathComponent("portal.zip")
        try Data(bytes).write(to: file)

        let server = try HTTPServer(options: HTTPServerOptions()) { request in
            HTTPResponse(status: 200, headers: [("Content-Type", "application/zip")],
                         body: .file(path: directory.appendingPathComponent(String(request.path.dropFirst())).path))
        }
        defer { server.stop() }

        let found = try await httpFetch(server.baseURL + "/portal.zip")
        #expect(found.status == 200)
        #expect(found.body == bytes)
        #expect(found.header("Content-Length") == "200000")
        #expect(found.header("Content-Type") == "application/zip")

        let missing = try await httpFetch(server.baseURL + "/nothing.zip")
        #expect(missing.status == 404)
        let directoryItself = try await httpFetch(server.baseURL + "/")
        #expect(directoryItself.status == 404)
    }

    @Test func fileRangeServesASliceOfTheFile() async throws {
        let directory = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("data.bin")
        try Data((0..<1000).map { UInt8($0 % 251) }).write(to: file)
        let server = try HTTPServer(options: HTTPServerOptions()) { request in
            let offset = Int64(request.query["offset"] ?? "0") ?? 0
            let length = Int64(request.query["length"] ?? "0") ?? 0
            return HTTPResponse(status: 206, body: .fileRange(path: file.path, offset: offset, length: length))
        }
        defer { server.stop() }
        let slice = try await httpFetch(server.baseURL + "/?offset=100&length=50")
        #expect(slice.status == 206)
        #expect(slice.body == (100..<150).map { UInt8($0 % 251) })
        let pastTheEnd = try await httpFetch(server.baseURL + "/?offset=990&length=50")
        #expect(pastTheEnd.body == (990..<1000).map { UInt8($0 % 251) })
    }

    @Test func streamDeliversChunksAsTheyAreSent() throws {
        let stream = HTTPStream()
        let server = try HTTPServer(options: HTTPServerOptions()) { _ in
            HTTPResponse(status: 200, headers: [("Content-Type", "text/event-stream")], body: .stream(stream))
        }
        defer { server.stop() }

        let client = try RawClient(port: server.port)
        try client.write("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readHead()
        #expect(head.status == 200)
        #expect(head.headers["transfer-encoding"] == "chunked")
        #expect(head.headers["content-type"] == "text/event-stream")

        // Each chunk arrives only after it is sent: the reads below would time out otherwise.
        #expect(stream.send(Array("data: one\n\n".utf8)))
        #expect(try client.readChunk() == Array("data: one\n\n".utf8))
        #expect(stream.send(Array("data: two\n\n".utf8)))
        #expect(try client.readChunk() == Array("data: two\n\n".utf8))
        stream.close()
        #expect(try client.readChunk() == nil)
        #expect(stream.send([1]) == false)
    }

    @Test func streamNoticesAGoneClient() throws {
        let stream = HTTPStream()
        let server = try HTTPServer(options: HTTPServerOptions()) { _ in
            HTTPResponse(status: 200, body: .stream(stream))
        }
        defer { server.stop() }

        do {
            let client = try RawClient(port: server.port)
            try client.write("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try client.readHead()
            #expect(stream.send(Array("hello".utf8)))
            #expect(try client.readChunk() == Array("hello".utf8))
        }  // client closed here
        // The write that follows the disconnect fails and ends the stream; poll for it
        // by sending (no sleeping: each send is the event that makes MHD notice).
        var sends = 0
        while stream.send(Array(String(repeating: "x", count: 4096).utf8)) && sends < 10_000 {
            sends += 1
            if sends % 100 == 0 { sched_yield() }
        }
        #expect(stream.isFinished)
    }

    @Test func aStreamServesOnlyOneResponse() async throws {
        let stream = HTTPStream()
        let server = try HTTPServer(options: HTTPServerOptions()) { _ in HTTPResponse(status: 200, body: .stream(stream)) }
        defer { server.stop() }
        let first = try RawClient(port: server.port)
        try first.write("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try first.readHead().status == 200)
        let second = try await httpFetch(server.baseURL + "/")
        #expect(second.status == 500)
    }

    @Test func fiftyConcurrentRequests() async throws {
        var options = HTTPServerOptions()
        options.threads = 4
        let server = try HTTPServer(options: options) { request in
            .text(200, "n=\(request.query["n"] ?? "")")
        }
        defer { server.stop() }
        let results = try await withThrowingTaskGroup(of: (Int, Fetched).self) { group in
            for n in 0..<50 {
                group.addTask { (n, try await httpFetch(server.baseURL + "/?n=\(n)")) }
            }
            var all: [Int: Fetched] = [:]
            for try await (n, response) in group { all[n] = response }
            return all
        }
        #expect(results.count == 50)
        for (n, response) in results {
            #expect(response.status == 200)
            #expect(response.text == "n=\(n)")
        }
    }

    @Test func fiftyIdleStreamsDoNotBlockOtherRequests() async throws {
        let streams = Mutex<[HTTPStream]>([])
        var options = HTTPServerOptions()
        options.threads = 2
        let server = try HTTPServer(options: options) { request in
            if request.path == "/events" {
                let stream = HTTPStream()
                streams.withLock { $0.append(stream) }
                return HTTPResponse(status: 200, headers: [("Content-Type", "text/event-stream")], body: .stream(stream))
            }
            return .text(200, "pong")
        }

        var clients: [RawClient] = []
        for _ in 0..<50 {
            let client = try RawClient(port: server.port)
            try client.write("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readHead().status == 200)
            clients.append(client)
        }
        #expect(streams.withLock { $0.count } == 50)

        let ping = try await httpFetch(server.baseURL + "/ping")
        #expect(ping.status == 200)
        #expect(ping.text == "pong")

        for stream in streams.withLock({ $0 }) { #expect(stream.send(Array("data: reload\n\n".utf8))) }
        for client in clients { #expect(try client.readChunk() == Array("data: reload\n\n".utf8)) }

        // Stopping with every stream parked again must neither hang nor crash; clients see EOF.
        server.stop()
        for client in clients {
            var ended = false
            while !ended {
                if try client.readsEOF() { ended = true } else { _ = try client.read(count: 1) }
            }
        }
        for stream in streams.withLock({ $0 }) { #expect(stream.send([1]) == false) }
    }

    @Test func busyPortIsATypedErrorNamingHostAndPort() throws {
        let first = try HTTPServer(options: HTTPServerOptions()) { _ in .text(200, "") }
        defer { first.stop() }
        var options = HTTPServerOptions()
        options.port = first.port
        #expect {
            _ = try HTTPServer(options: options) { _ in .text(200, "") }
        } throws: { error in
            guard let error = error as? HTTPServerError else { return false }
            return error.reason == .addressInUse && error.message.contains("127.0.0.1:\(first.port)")
                && error.kind == "http-server"
        }
    }

    @Test func stopFreesThePortAndIsIdempotent() async throws {
        let first = try HTTPServer(options: HTTPServerOptions()) { _ in .text(200, "first") }
        let port = first.port
        first.stop()
        first.stop()
        await #expect(throws: (any Error).self) { _ = try await httpFetch("http://127.0.0.1:\(port)/") }

        var options = HTTPServerOptions()
        options.port = port
        let second = try HTTPServer(options: options) { _ in .text(200, "second") }
        defer { second.stop() }
        #expect(second.port == port)
        #expect(try await httpFetch(second.baseURL + "/").text == "second")
    }

    /// Reads one whole `Connection: close` response body over a raw socket.
    private func rawGet(port: UInt16, ipv6: Bool) throws -> String {
        let client = try RawClient(port: port, ipv6: ipv6)
        try client.write("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        let head = try client.readHead()
        return String(decoding: try client.read(count: Int(head.headers["content-length"] ?? "0") ?? 0), as: UTF8.self)
    }

    @Test func ipv6LoopbackIsV6OnlyAndTheWildcardIsDualStack() throws {
        var options = HTTPServerOptions()
        options.host = "::1"
        guard let loopback = try? HTTPServer(options: options, handler: { _ in .text(200, "v6") }) else {
            return  // no IPv6 on this machine
        }
        defer { loopback.stop() }
        #expect(loopback.baseURL == "http://[::1]:\(loopback.port)")
        #expect(try rawGet(port: loopback.port, ipv6: true) == "v6")
        #expect(throws: RawClient.Failure.self) { _ = try RawClient(port: loopback.port) }

        options.host = "::"
        let wildcard = try HTTPServer(options: options) { _ in .text(200, "both") }
        defer { wildcard.stop() }
        #expect(wildcard.baseURL == "http://[::1]:\(wildcard.port)")
        #expect(try rawGet(port: wildcard.port, ipv6: true) == "both")
        #expect(try rawGet(port: wildcard.port, ipv6: false) == "both")
    }

    @Test func localhostBindsIPv4LoopbackAndBadHostsFail() throws {
        var options = HTTPServerOptions()
        options.host = "localhost"
        let server = try HTTPServer(options: options) { _ in .text(200, "local") }
        defer { server.stop() }
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        #expect(try rawGet(port: server.port, ipv6: false) == "local")

        options.host = "no-such-host.invalid"
        #expect {
            _ = try HTTPServer(options: options) { _ in .text(200, "") }
        } throws: { error in
            (error as? HTTPServerError)?.reason == .cannotResolve
                && (error as? HTTPServerError)?.message.contains("no-such-host.invalid") == true
        }
    }

    @Test func responseHeadersAndStatusesPassThrough() throws {
        let server = try HTTPServer(options: HTTPServerOptions()) { _ in
            HTTPResponse(status: 302, headers: [("Location", "http://example.test/x"), ("Retry-After", "1"), ("Content-Length", "999")])
        }
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        try client.write("GET /s HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readHead()
        #expect(head.status == 302)
        #expect(head.headers["location"] == "http://example.test/x")
        #expect(head.headers["retry-after"] == "1")
        #expect(head.headers["content-length"] == "0")
    }
}

@Suite struct HTTPServerLimitTests {
    @Test func oversizedHeadersAreRefusedBeforeTheHandler() throws {
        let calls = Mutex(0)
        let server = try HTTPServer(options: HTTPServerOptions()) { _ in
            calls.withLock { $0 += 1 }
            return .text(200, "ok")
        }
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        // The server may answer and close before reading everything: a failed write is fine.
        try? client.write("GET / HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n")
        let head = try client.readHead()
        #expect((400..<500).contains(head.status))
        #expect(calls.withLock { $0 } == 0)
    }
}
