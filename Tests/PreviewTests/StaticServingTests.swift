import LoopbackTestClient
import Foundation
import Testing
@testable import Preview

@Suite("Preview static serving")
struct StaticServingTests {
    @Test func contentTypesByExtension() throws {
        let fixture = try PreviewFixture()
        let expected: [(String, String)] = [
            ("a.html", "text/html; charset=utf-8"), ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"), ("a.mjs", "text/javascript; charset=utf-8"),
            ("a.json", "application/json; charset=utf-8"), ("a.js.map", "application/json; charset=utf-8"),
            ("a.svg", "image/svg+xml; charset=utf-8"), ("a.png", "image/png"), ("a.jpg", "image/jpeg"),
            ("a.JPEG", "image/jpeg"), ("a.gif", "image/gif"), ("a.webp", "image/webp"), ("a.avif", "image/avif"),
            ("favicon.ico", "image/x-icon"), ("a.woff", "font/woff"), ("a.woff2", "font/woff2"), ("a.ttf", "font/ttf"),
            ("a.txt", "text/plain; charset=utf-8"), ("a.md", "text/markdown; charset=utf-8"),
            ("a.xml", "application/xml; charset=utf-8"), ("a.yaml", "application/yaml; charset=utf-8"),
            ("a.yml", "application/yaml; charset=utf-8"), ("a.wasm", "application/wasm"), ("a.zip", "application/zip"),
            ("a.pdf", "application/pdf"), ("a.unknownext", "application/octet-stream"), ("noextension.d/LICENSE", "application/octet-stream"),
        ]
        for (name, _) in expected { try fixture.write(name, "content of \(name)") }
        let server = try fixture.server(liveReload: false)
        defer { server.stop() }
        for (name, type) in expected {
            let reply = try send(server.port, "GET", "/" + name)
            #expect(reply.status == 200, "\(name)")
            #expect(reply.header("content-type") == type, "\(name)")
            #expect(reply.text == "content of \(name)", "\(name)")
        }
    }

    @Test func directoriesServeIndexAndRedirectToSlash() throws {
        let fixture = try PreviewFixture()
        try fixture.write("index.html", "<p>home</p>")
        try fixture.write("guide/index.html", "<p>guide index</p>")
        try fixture.write("guide/intro.html", "<p>intro</p>")
        try fixture.write("empty/readme.txt", "no index here")
        let server = try fixture.server(liveReload: false)
        defer { server.stop() }

        #expect(try send(server.port, "GET", "/").text == "<p>home</p>")
        #expect(try send(server.port, "GET", "/guide/").text == "<p>guide index</p>")
        let redirect = try send(server.port, "GET", "/guide?tab=1")
        #expect(redirect.status == 302)
        #expect(redirect.header("location") == "/guide/?tab=1")
        // Pretty URLs: an extension-less path names the .html file.
        let pretty = try send(server.port, "GET", "/guide/intro")
        #expect(pretty.status == 200)
        #expect(pretty.text == "<p>intro</p>")
        #expect(pretty.header("content-type") == "text/html; charset=utf-8")
        #expect(try send(server.port, "GET", "/empty/").status == 404)
        #expect(try send(server.port, "GET", "/missing").status == 404)
        #expect(try send(server.port, "GET", "/guide/intro.html/").status == 404)
        // A redirect target is rebuilt from the segments: "//host" cannot become protocol-relative.
        try fixture.write("evil.example/index.html", "x")
        #expect(try send(server.port, "GET", "//evil.example").header("location") == "/evil.example/")
    }

    @Test func etagIsTheXXH3OfTheContentAndAnswers304() throws {
        let fixture = try PreviewFixture()
        let bytes = Array("body { color: red }".utf8)
        try fixture.write("site.css", bytes)
        let server = try fixture.server()
        defer { server.stop() }
        let first = try send(server.port, "GET", "/site.css")
        let etag = try #require(first.header("etag"))
        #expect(etag == "\"\(FileDigest.of(bytes))\"")
        #expect(etag.count == 34)
        #expect(first.header("cache-control") == "no-cache")
        #expect(try send(server.port, "GET", "/site.css", headers: ["If-None-Match": etag]).status == 304)
        #expect(try send(server.port, "GET", "/site.css", headers: ["If-None-Match": "\"other\", W/\(etag)"]).status == 304)
        #expect(try send(server.port, "GET", "/site.css", headers: ["If-None-Match": "\"other\""]).status == 200)

        let lastModified = try #require(first.header("last-modified"))
        #expect(lastModified.hasSuffix(" GMT"))
        let notModified = try send(server.port, "GET", "/site.css", headers: ["If-Modified-Since": lastModified])
        #expect(notModified.status == 304)
        #expect(notModified.body.isEmpty)
        #expect(notModified.header("etag") == etag)
        #expect(try send(server.port, "GET", "/site.css", headers: ["If-Modified-Since": "Thu, 01 Jan 1998 00:00:00 GMT"]).status == 200)

        // New content under the same name: a new ETag, the old one no longer matches.
        try fixture.write("site.css", "body { color: blue }")
        let changed = try send(server.port, "GET", "/site.css", headers: ["If-None-Match": etag])
        #expect(changed.status == 200)
        #expect(changed.text == "body { color: blue }")
        #expect(changed.header("etag") != etag)
    }

    @Test func digestsAreCachedByFileIdentity() throws {
        let fixture = try PreviewFixture()
        try fixture.write("a.txt", "aaa")
        try fixture.write("b.txt", "bbb")
        let server = try fixture.server()
        defer { server.stop() }
        for _ in 0..<3 {
            _ = try send(server.port, "GET", "/a.txt")
            _ = try send(server.port, "GET", "/b.txt")
        }
        #expect(server.digestCacheCount == 2)
    }

    @Test func headSendsHeadersWithoutBody() throws {
        let fixture = try PreviewFixture()
        try fixture.write("data.json", "{\"a\":1}")
        try fixture.write("index.html", "<html><body>hi</body></html>")
        let server = try fixture.server()
        defer { server.stop() }
        let get = try send(server.port, "GET", "/data.json")
        let head = try send(server.port, "HEAD", "/data.json")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("content-length") == "7")
        #expect(head.header("etag") == get.header("etag"))
        #expect(head.header("content-type") == "application/json; charset=utf-8")
        let page = try send(server.port, "GET", "/")
        let pageHead = try send(server.port, "HEAD", "/")
        #expect(pageHead.header("content-length") == String(page.body.count))
        #expect(pageHead.body.isEmpty)
    }

    @Test func byteRanges() throws {
        let fixture = try PreviewFixture()
        let content = Array("0123456789abcdefghij".utf8)
        try fixture.write("f.bin", content)
        let server = try fixture.server()
        defer { server.stop() }
        let first = try send(server.port, "GET", "/f.bin", headers: ["Range": "bytes=0-3"])
        #expect(first.status == 206)
        #expect(first.text == "0123")
        #expect(first.header("content-range") == "bytes 0-3/20")
        #expect(first.header("content-length") == "4")
        let suffix = try send(server.port, "GET", "/f.bin", headers: ["Range": "bytes=-5"])
        #expect(suffix.status == 206)
        #expect(suffix.text == "fghij")
        #expect(suffix.header("content-range") == "bytes 15-19/20")
        let open = try send(server.port, "GET", "/f.bin", headers: ["Range": "bytes=17-"])
        #expect(open.text == "hij")
        #expect(open.header("content-range") == "bytes 17-19/20")
        let clipped = try send(server.port, "GET", "/f.bin", headers: ["Range": "bytes=18-99"])
        #expect(clipped.text == "ij")
        let unsatisfiable = try send(server.port, "GET", "/f.bin", headers: ["Range": "bytes=20-"])
        #expect(unsatisfiable.status == 416)
        #expect(unsatisfiable.header("content-range") == "bytes */20")
        let multi = try send(server.port, "GET", "/f.bin", headers: ["Range": "bytes=0-1,4-5"])
        #expect(multi.status == 200)
        #expect(multi.body == content)
        // If-Range with a stale validator: the whole, current content.
        let stale = try send(server.port, "GET", "/f.bin", headers: ["Range": "bytes=0-3", "If-Range": "\"stale\""])
        #expect(stale.status == 200)
        #expect(stale.body == content)
        let etag = try #require(first.header("etag"))
        #expect(try send(server.port, "GET", "/f.bin", headers: ["Range": "bytes=0-3", "If-Range": etag]).status == 206)
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
    func onlyGetAndHeadAreAnswered(method: String) throws {
        let fixture = try PreviewFixture()
        try fixture.write("index.html", "x")
        let server = try fixture.server()
        defer { server.stop() }
        for target in ["/", "/index.html", "/__portald/events", "/__portald/status"] {
            let reply = try send(server.port, method, target, headers: ["Content-Length": "0"])
            #expect(reply.status == 405)
            #expect(reply.header("allow") == "GET, HEAD")
        }
    }

    @Test func oversizedHeadersAreRefused() throws {
        let fixture = try PreviewFixture()
        try fixture.write("index.html", "x")
        let server = try fixture.server()
        defer { server.stop() }
        let reply = try send(server.port, "GET", "/", headers: ["X-Big": String(repeating: "b", count: 100_000)])
        #expect(reply.status == 431 || reply.status == 413 || reply.status == 414)
        let longLine = try send(server.port, "GET", "/" + String(repeating: "a", count: 100_000))
        #expect(longLine.status >= 400)
    }

    @Test func idleAndSlowClientsDoNotBlockOthers() throws {
        let fixture = try PreviewFixture()
        try fixture.write("index.html", "<body>home</body>")
        try fixture.write("big.bin", [UInt8](repeating: 7, count: 16 << 20))
        let server = try fixture.server()
        defer { server.stop() }
        // Half-sent requests (one per worker thread and more) and readers that never read.
        var stalled: [RawClient] = []
        for index in 0..<12 {
            let client = try RawClient(port: server.port)
            if index % 2 == 0 {
                try client.write("GET /index.ht")
            } else {
                try client.write("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
            }
            stalled.append(client)
        }
        for _ in 0..<10 {
            #expect(try send(server.port, "GET", "/").status == 200)
        }
        withExtendedLifetime(stalled) {}
    }

    @Test func statusAndReportEndpoints() throws {
        let fixture = try PreviewFixture()
        let server = try fixture.server(status: { Array("{\"generation\":4,\"state\":\"live\"}".utf8) })
        defer { server.stop() }
        let status = try send(server.port, "GET", "/__portald/status")
        #expect(status.status == 200)
        #expect(status.header("content-type") == "application/json; charset=utf-8")
        #expect(status.text == "{\"generation\":4,\"state\":\"live\"}")

        #expect(try send(server.port, "GET", "/__portald/report").status == 404)
        let report = fixture.base.appendingPathComponent("report/apimatic-report.html")
        try FileManager.default.createDirectory(at: report.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("<h1>2 errors</h1>".utf8).write(to: report)
        server.setReport(report)
        let served = try send(server.port, "GET", "/__portald/report")
        #expect(served.status == 200)
        #expect(served.text == "<h1>2 errors</h1>")
        #expect(served.header("content-type") == "text/html; charset=utf-8")
        server.setReport(nil)
        #expect(try send(server.port, "GET", "/__portald/report").status == 404)
        #expect(try send(server.port, "GET", "/__portald/nothing").status == 404)
    }

    @Test func missingPreviewFolderIsA404PageThatWaitsForThePortal() throws {
        let fixture = try PreviewFixture()
        try FileManager.default.removeItem(at: fixture.root)
        let server = try fixture.server()
        defer { server.stop() }
        let reply = try send(server.port, "GET", "/")
        #expect(reply.status == 404)
        #expect(reply.text.contains("No portal"))
        #expect(reply.text.contains(LiveReloadScript.marker))
    }

    @Test func busyPortNamesThePortAndTheOption() throws {
        let fixture = try PreviewFixture()
        let first = try fixture.server()
        defer { first.stop() }
        #expect(first.url == "http://127.0.0.1:\(first.port)/")
        do {
            _ = try PreviewServer(root: fixture.root, options: PreviewServerOptions(port: first.port), status: { [] })
            Issue.record("a second server bound the same port")
        } catch let error as PreviewServerError {
            #expect(error.kind == "preview-server")
            #expect(error.message.contains("127.0.0.1:\(first.port)"))
            #expect(error.message.contains("already in use"))
            #expect(error.message.contains("--port"))
            #expect(error.message.contains("--port 0"))
        }
    }
}
