import Foundation
import ManualClock
import Testing
@testable import Preview

@Suite("Live reload")
struct LiveReloadTests {
    @Test func scriptIsInjectedBeforeBodyCloseWithTheLiveGeneration() throws {
        let fixture = try PreviewFixture()
        let page = "<html><head></head><body><h1>Docs</h1></BODY></html>"
        try fixture.write("index.html", page)
        try fixture.write("fragment.html", "<p>no body tag</p>")
        let server = try fixture.server()
        defer { server.stop() }

        let first = try send(server.port, "GET", "/")
        #expect(first.header("content-type") == "text/html; charset=utf-8")
        #expect(first.header("cache-control") == "no-cache")
        #expect(first.header("content-length") == String(first.body.count))
        let marker = try #require(first.text.range(of: "id=\"\(LiveReloadScript.marker)\" data-generation=\"0\""))
        let bodyClose = try #require(first.text.range(of: "</BODY>"))
        #expect(marker.upperBound < bodyClose.lowerBound)
        #expect(first.text.hasPrefix("<html><head></head><body><h1>Docs</h1><style"))
        #expect(first.text.hasSuffix("</script></BODY></html>"))
        #expect(first.text.contains("var served=0;"))
        #expect(first.text.contains("new EventSource('/__portald/events')"))

        server.publish(.reload(generation: 7))
        let second = try send(server.port, "GET", "/index.html")
        #expect(second.text.contains("data-generation=\"7\""))
        #expect(second.text.contains("var served=7;"))
        // Same file, other generation: another representation, another validator.
        #expect(second.header("etag") != first.header("etag"))
        let firstETag = try #require(first.header("etag"))
        #expect(try send(server.port, "GET", "/", headers: ["If-None-Match": firstETag]).status == 200)
        let secondETag = try #require(second.header("etag"))
        #expect(try send(server.port, "GET", "/", headers: ["If-None-Match": secondETag]).status == 304)

        let fragment = try send(server.port, "GET", "/fragment.html")
        #expect(fragment.text.hasPrefix("<p>no body tag</p><style"))
        #expect(fragment.text.hasSuffix("</script>"))

        // A range of a page is a range of what is served (with the script).
        let range = try send(server.port, "GET", "/", headers: ["Range": "bytes=-9"])
        #expect(range.status == 206)
        #expect(range.text == "Y></html>")
        #expect(range.header("content-range") == "bytes \(second.body.count - 9)-\(second.body.count - 1)/\(second.body.count)")
    }

    @Test func noInjectionWhenLiveReloadIsOff() throws {
        let fixture = try PreviewFixture()
        let page = "<html><body>plain</body></html>"
        try fixture.write("index.html", page)
        let server = try fixture.server(liveReload: false)
        defer { server.stop() }
        let reply = try send(server.port, "GET", "/")
        #expect(reply.text == page)
        #expect(reply.header("etag") == "\"\(FileDigest.of(Array(page.utf8)))\"")
    }

    @Test func clientsGetHelloThenEventsInOrder() throws {
        let fixture = try PreviewFixture()
        let server = try fixture.server()
        defer { server.stop() }
        let client = try EventClient(port: server.port)
        let hello = try client.nextEvent()
        #expect(hello.name == "hello")
        #expect(try client.json(hello)["generation"] as? Int == 0)
        #expect(server.connectedClients == 1)

        server.publish(.building(generation: 1))
        server.publish(.reload(generation: 1))
        server.publish(.building(generation: 2))
        server.publish(.error(message: "Generation 2 failed: <b>bad</b> spec", details: ["spec/openapi.yaml:3: \"x\" & y", "second"], report: true))

        let building = try client.nextEvent()
        #expect(building == .init(name: "building", data: "{\"generation\":1}"))
        #expect(try client.nextEvent() == .init(name: "reload", data: "{\"generation\":1}"))
        #expect(try client.nextEvent() == .init(name: "building", data: "{\"generation\":2}"))
        let error = try client.nextEvent()
        #expect(error.name == "error")
        let payload = try client.json(error)
        #expect(payload["message"] as? String == "Generation 2 failed: <b>bad</b> spec")
        #expect(payload["details"] as? [String] == ["spec/openapi.yaml:3: \"x\" & y", "second"])
        #expect(payload["report"] as? String == "/__portald/report")
    }

    @Test func lateClientsLearnTheStateAndErrorsLastUntilTheNextReload() throws {
        let fixture = try PreviewFixture()
        let server = try fixture.server()
        defer { server.stop() }
        server.publish(.reload(generation: 3))
        server.publish(.error(message: "multi\nline", details: [], report: false))

        let late = try EventClient(port: server.port)
        #expect(try late.nextEvent() == .init(name: "hello", data: "{\"generation\":3}"))
        let error = try late.nextEvent()
        #expect(error.name == "error")
        #expect(try late.json(error)["message"] as? String == "multi\nline")
        #expect(try late.json(error)["report"] == nil)

        server.publish(.building(generation: 4))
        let building = try EventClient(port: server.port)
        #expect(try building.nextEvent().name == "hello")
        #expect(try building.nextEvent() == .init(name: "building", data: "{\"generation\":4}"))
        #expect(try building.nextEvent().name == "error")

        server.publish(.reload(generation: 4))
        let after = try EventClient(port: server.port)
        #expect(try after.nextEvent() == .init(name: "hello", data: "{\"generation\":4}"))
        server.publish(.building(generation: 5))
        // No stale error (or building 4) in between.
        #expect(try after.nextEvent() == .init(name: "building", data: "{\"generation\":5}"))
    }

    @Test func streamSetsAReconnectDelay() throws {
        let fixture = try PreviewFixture()
        let server = try fixture.server()
        defer { server.stop() }
        let client = try EventClient(port: server.port)
        #expect(try client.nextBlock().hasPrefix("retry: 1000\nevent: hello\n"))
    }

    @Test func heartbeatsFollowTheClockAndDropGoneClients() async throws {
        let fixture = try PreviewFixture()
        let clock = ManualClock()
        let server = try fixture.server(heartbeat: .seconds(15), clock: clock)
        defer { server.stop() }
        let client = try EventClient(port: server.port)
        _ = try client.nextEvent()

        await clock.waitForSleepers(1)
        #expect(clock.pendingDeadlines == [.init(offset: .seconds(15))])
        clock.advance(by: .seconds(15))
        #expect(try await client.nextBlockOffPool() == ": ping")
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(15))
        #expect(try await client.nextBlockOffPool() == ": ping")

        var gone: EventClient? = try EventClient(port: server.port)
        _ = try gone?.nextEvent()
        #expect(server.connectedClients == 2)
        gone = nil  // closes the socket
        // A gone client is noticed by libmicrohttpd's thread when a beat's write fails there
        // (the first write after the close may still succeed). That thread is not ours to
        // drive, so poll its progress, bounded, while beating.
        let deadline = ContinuousClock.now + .seconds(5)
        while server.connectedClients > 1 && ContinuousClock.now < deadline {
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(15))
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(server.connectedClients == 1)
        // The living client still gets beats (beat once more: the gone client may have been
        // noticed before the loop beat at all).
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(15))
        #expect(try await client.nextBlockOffPool() == ": ping")
    }

    @Test func fiftyEventClientsDoNotBlockPageRequests() async throws {
        let fixture = try PreviewFixture()
        try fixture.write("index.html", "<body>home</body>")
        try fixture.write("app.js", "console.log(1)")
        let server = try fixture.server()
        defer { server.stop() }
        var clients: [EventClient] = []
        for _ in 0..<50 {
            let client = try EventClient(port: server.port)
            #expect(try client.nextEvent().name == "hello")
            clients.append(client)
        }
        #expect(server.connectedClients == 50)
        // Normal requests, several at once, while all 50 streams stay open.
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<20 {
                let port = server.port
                group.addTask { try send(port, "GET", index % 2 == 0 ? "/" : "/app.js").status }
            }
            for try await status in group { #expect(status == 200) }
        }
        server.publish(.reload(generation: 1))
        for client in clients {
            #expect(try client.nextEvent() == .init(name: "reload", data: "{\"generation\":1}"))
        }
    }

    @Test func stopEndsStreams() throws {
        let fixture = try PreviewFixture()
        let server = try fixture.server()
        let client = try EventClient(port: server.port)
        _ = try client.nextEvent()
        server.stop()
        #expect(throws: (any Error).self) { while true { _ = try client.nextBlock() } }
    }
}
