import Archive
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPServer
import Synchronization
import Testing
@testable import APIMatic

/// Client against a scripted service on loopback: real HTTP, real files, virtual time.
@Suite struct ClientIntegrationTests {
    @Test func submitSendsOneMultipartFilePartWithTheContractHeaders() async throws {
        let dir = try TempDir()
        let service = try StubService()
        let zip = try Fixtures.buildZip(in: dir)
        let client = APIMaticClient(config: Fixtures.config(service), clock: TestClock(.instant))

        let job = try await client.submit(zip: zip, callbackURL: URL(string: "https://hooks.example.test/cb/abc"))

        #expect(job == service.job)
        let request = try #require(service.requests(.submit).first)
        #expect(request.header("authorization") == "X-Auth-Key \(Fixtures.key)")
        #expect(request.header("accept") == "application/json")
        #expect(request.header("user-agent") == "portald/9.9.9 (Linux; Swift)")
        #expect(request.header("x-apimatic-callbackurl") == "https://hooks.example.test/cb/abc")
        let contentType = try #require(request.header("content-type"))
        #expect(contentType.hasPrefix("multipart/form-data; boundary="))
        let boundary = String(contentType.dropFirst("multipart/form-data; boundary=".count))
        let zipBytes = try [UInt8](Data(contentsOf: zip))
        let expected = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"build.zip\"\r\nContent-Type: application/zip\r\n\r\n".utf8)
            + zipBytes + Array("\r\n--\(boundary)--\r\n".utf8)
        #expect(request.body == expected)
        #expect(dir.contents() == ["build.zip"], "the multipart temp file is removed")
    }

    @Test func pollsUntilRedirectWithoutFollowingItThenDownloads() async throws {
        let dir = try TempDir()
        let service = try StubService()
        let portal = dir.path("expected.zip")
        try Fixtures.zip(at: portal, files: ["index.html": "<h1>portal</h1>", "static/app.css": "body{}"])
        let portalBytes = try [UInt8](Data(contentsOf: portal))
        service.script(.status, responses: [
            .raw(200, #"{"status":"Queued"}"#),
            .raw(200, #"{"status":"InProgress"}"#),
            .raw(200, #"{"status":"InProgress"}"#),
            HTTPResponse(status: 302, headers: [("Location", "/files/portal.zip")]),
        ])
        service.script(.download, responses: [HTTPResponse(status: 200, headers: [("Content-Type", "application/zip")], body: .bytes(portalBytes))])
        let clock = TestClock(.instant)
        let client = APIMaticClient(config: Fixtures.config(service), clock: clock)
        let seen = Mutex<[String]>([])

        let url = try await client.waitUntilDone(service.job) { status in seen.withLock { $0.append(status) } }

        #expect(url.absoluteString == "\(service.base)/files/portal.zip")
        #expect(seen.withLock { $0 } == ["Queued", "InProgress"])
        #expect(service.requests(.status).count == 4)
        #expect(service.requests(.download).isEmpty, "the 302 was not followed")
        #expect(clock.sleeps == [.milliseconds(200), .milliseconds(300), .milliseconds(450), .milliseconds(675)])

        let out = dir.path("portal.zip")
        let bytes = try await client.download(from: url, to: out, reportDirectory: dir.path("report"), jobID: service.jobID)
        #expect(bytes == Int64(portalBytes.count))
        #expect(try [UInt8](Data(contentsOf: out)) == portalBytes)
        let download = try #require(service.requests(.download).first)
        #expect(download.header("accept") == "application/zip, application/json")
        #expect(download.header("authorization") == "X-Auth-Key \(Fixtures.key)")
        #expect(dir.contents() == ["expected.zip", "portal.zip"], "no partial files left")
    }

    @Test func checkStatusReturnsTheRedirectAsIs() async throws {
        let service = try StubService()
        service.script(.status, responses: [HTTPResponse(status: 302, headers: [("Location", "\(service.base)/files/elsewhere.zip")])])
        let client = APIMaticClient(config: Fixtures.config(service), clock: TestClock(.instant))
        let state = try await client.checkStatus(service.job)
        #expect(state == .completed(download: URL(string: "\(service.base)/files/elsewhere.zip")!))
        #expect(service.requests(.download).isEmpty)
    }

    @Test func unavailableWithRetryAfterIsHonouredThenSucceeds() async throws {
        let dir = try TempDir()
        let service = try StubService()
        service.script(.submit, responses: [.raw(503, "down", type: "text/plain", headers: [("Retry-After", "4")]), service.acceptedResponse])
        service.script(.status, responses: [
            .raw(503, "", headers: [("Retry-After", "7")]),
            .raw(429, #"{"message":"slow down"}"#, headers: [("Retry-After", "2")]),
            .raw(200, #"{"status":"Completed"}"#),
        ])
        let clock = TestClock(.instant)
        let client = APIMaticClient(config: Fixtures.config(service), clock: clock)

        let job = try await client.submit(zip: try Fixtures.buildZip(in: dir), callbackURL: nil)
        #expect(service.requests(.submit).count == 2)
        #expect(clock.sleeps == [.seconds(4)])

        let url = try await client.waitUntilDone(job)
        #expect(url == service.job.downloadURL)
        #expect(clock.sleeps == [.seconds(4), .milliseconds(200), .seconds(7), .seconds(2)])
    }

    @Test func submitGivesUpOnServerErrorsAfterBoundedRetries() async throws {
        let dir = try TempDir()
        let service = try StubService()
        service.script(.submit, responses: [.raw(500, #"{"message": "An error has occurred."}"#)])
        let clock = TestClock(.instant)
        let client = APIMaticClient(config: Fixtures.config(service), clock: clock)

        let error = await #expect(throws: APIMaticError.self) {
            try await client.submit(zip: try Fixtures.buildZip(in: dir), callbackURL: nil)
        }
        #expect(service.requests(.submit).count == 4, "one try and three retries")
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1), .seconds(2)])
        #expect(error?.kind == "server")
        #expect(error?.message.contains("An error has occurred.") == true)
        #expect(error?.description.contains(Fixtures.key) == false)
    }

    @Test func submitRejectionsShowEveryMessageAndNeverTheKey() async throws {
        let dir = try TempDir()
        let service = try StubService()
        service.script(.submit, responses: [
            .raw(400, #"{"type":"about:blank","title":"Invalid build","status":400,"detail":"2 problems","instance":"/portal/v2","errors":{"spec":["no definition"],"APIMATIC-BUILD.json":["bad languageConfig"]}}"#, type: "application/problem+json"),
        ])
        let client = APIMaticClient(config: Fixtures.config(service), clock: TestClock(.instant))
        let zip = try Fixtures.buildZip(in: dir)
        let invalid = await #expect(throws: APIMaticError.self) { try await client.submit(zip: zip, callbackURL: nil) }
        #expect(invalid?.kind == "validation")
        #expect(invalid?.details == ["APIMATIC-BUILD.json: bad languageConfig", "spec: no definition"])
        #expect(invalid?.message.contains("Invalid build") == true)

        service.script(.submit, responses: [.raw(401, #"{"message": "Authorization has been denied for this request."}"#)])
        let denied = await #expect(throws: APIMaticError.self) { try await client.submit(zip: zip, callbackURL: nil) }
        #expect(denied?.kind == "auth")
        #expect(denied?.message.contains("APIMATIC_API_KEY") == true)
        #expect(service.requests(.submit).count == 2, "4xx are not retried")
        for error in [invalid, denied].compactMap({ $0 }) {
            #expect(!error.description.contains(Fixtures.key))
            #expect(!String(reflecting: error).contains(Fixtures.key))
        }
        #expect(!String(reflecting: client.config).contains(Fixtures.key))
    }

    @Test func unprocessableDownloadExtractsTheBuildReport() async throws {
        let dir = try TempDir()
        let service = try StubService()
        let errorZip = dir.path("error-src.zip")
        let html = "<html><body>Spec line 3: unexpected key</body></html>"
        try Fixtures.zip(at: errorZip, files: ["apimatic-debug/apimatic-report.html": html, "apimatic-debug/log.txt": "x"])
        service.script(.download, responses: [HTTPResponse(status: 422, headers: [("Content-Type", "application/zip")], body: .file(path: errorZip.path))])
        let client = APIMaticClient(config: Fixtures.config(service), clock: TestClock(.instant))
        let reports = dir.path("reports")

        let error = await #expect(throws: APIMaticError.self) {
            try await client.download(from: service.job.downloadURL, to: dir.path("portal.zip"), reportDirectory: reports, jobID: service.jobID)
        }
        #expect(error?.kind == "build-report")
        #expect(error?.httpStatus == 422)
        #expect(error?.jobID == service.jobID)
        let report = try #require(error?.report)
        #expect(report == reports.appendingPathComponent("apimatic-report.html").path)
        #expect(try String(contentsOfFile: report, encoding: .utf8) == html)
        #expect(error?.message.contains(report) == true)
        #expect(!FileManager.default.fileExists(atPath: dir.path("portal.zip").path))
        #expect(dir.contents() == ["error-src.zip", "reports"], "no partial download left")
    }

    @Test func pollingRetriesServerErrorsWithinTheBudgetThenTimesOut() async throws {
        let service = try StubService()
        service.script(.status, responses: Array(repeating: .raw(500, "oops", type: "text/plain"), count: 6) + [.raw(200, #"{"status":"InProgress"}"#)])
        let clock = TestClock(.instant)
        let client = APIMaticClient(config: Fixtures.config(service) { $0.timeout = .seconds(60) }, clock: clock)

        let error = await #expect(throws: APIMaticError.self) { try await client.waitUntilDone(service.job) }
        #expect(error?.kind == "timeout")
        #expect(error?.jobID == service.jobID)
        #expect(error?.message.contains(service.jobID) == true)
        #expect(error?.message.contains("--timeout") == true)
        #expect(error?.message.contains("InProgress") == true)
        #expect(service.requests(.status).count > 6, "5xx did not end the wait")
        #expect(clock.now.offset == .seconds(60))
        #expect(clock.sleeps.allSatisfy { $0 <= .seconds(3) }, "poll cap respected")
    }

    @Test func validationFailureDuringPollingCarriesAllErrors() async throws {
        let service = try StubService()
        service.script(.status, responses: [.raw(200, #"{"status":"ValidationError","errors":{"spec/openapi.yaml":["a","b"]}}"#)])
        let client = APIMaticClient(config: Fixtures.config(service), clock: TestClock(.instant))
        let error = await #expect(throws: APIMaticError.self) { try await client.waitUntilDone(service.job) }
        #expect(error?.kind == "validation")
        #expect(error?.details == ["spec/openapi.yaml: a", "spec/openapi.yaml: b"])
    }

    @Test func connectionRefusedNamesTheURLWithoutRetrying() async throws {
        let dir = try TempDir()
        let service = try StubService()
        let config = Fixtures.config(service)
        service.stop()
        let clock = TestClock(.instant)
        let client = APIMaticClient(config: config, clock: clock)
        let error = await #expect(throws: APIMaticError.self) {
            try await client.submit(zip: try Fixtures.buildZip(in: dir), callbackURL: nil)
        }
        #expect(error?.kind == "connection")
        #expect(error?.message.contains("\(service.base)/portal/v2") == true)
        #expect(error?.message.contains("--generator builtin") == true)
        #expect(clock.sleeps.isEmpty)
        #expect(error?.description.contains(Fixtures.key) == false)
    }

    @Test func downloadRedirectToAnotherOriginDoesNotCarryTheKey() async throws {
        let dir = try TempDir()
        let service = try StubService()
        let storage = try StubService()
        storage.script(.download, responses: [HTTPResponse(status: 200, headers: [("Content-Type", "application/zip")], body: .bytes([1, 2, 3]))])
        service.script(.download, responses: [HTTPResponse(status: 307, headers: [("Location", "\(storage.base)/files/signed.zip")])])
        let client = APIMaticClient(config: Fixtures.config(service), clock: TestClock(.instant))

        let size = try await client.download(from: service.job.downloadURL, to: dir.path("p.zip"), reportDirectory: dir.path("r"))

        #expect(size == 3)
        #expect(service.requests(.download).first?.header("authorization") == "X-Auth-Key \(Fixtures.key)")
        let fetched = try #require(storage.requests(.download).first)
        #expect(fetched.header("authorization") == nil)
    }

    @Test func missingZipIsAnIOErrorNamingTheFile() async throws {
        let dir = try TempDir()
        let service = try StubService()
        let client = APIMaticClient(config: Fixtures.config(service), clock: TestClock(.instant))
        let missing = dir.path("nope.zip")
        let error = await #expect(throws: APIMaticError.self) { try await client.submit(zip: missing, callbackURL: nil) }
        #expect(error?.kind == "io")
        #expect(error?.message.contains(missing.path) == true)
        #expect(service.requests(.submit).isEmpty)
        #expect(dir.contents().isEmpty)
    }
}
