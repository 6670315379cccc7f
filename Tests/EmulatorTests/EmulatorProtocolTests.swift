import LoopbackTestClient
import ManualClock
import Archive
import Foundation
import Testing
@testable import Emulator

@Suite struct EmulatorProtocolTests {
    @Test func submitAnswers202WithAbsoluteLinks() async throws {
        let harness = try Harness()
        defer { harness.cleanup() }
        let response = try await harness.submit()
        #expect(response.status == 202)
        #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
        let json = try response.json()
        let id = try #require(json["id"] as? String)
        #expect(UUID(uuidString: id) != nil)
        #expect(id == id.lowercased())
        let links = try #require(json["links"] as? [String: String])
        #expect(links["status"] == "\(harness.emulator.baseURL)/portal/v2/\(id)/status")
        #expect(links["download"] == "\(harness.emulator.baseURL)/portal/v2/\(id)/download")
    }

    @Test func statusRedirectsToTheDownloadWhichIsThePortalZip() async throws {
        let harness = try Harness()
        defer { harness.cleanup() }
        let job = try await harness.accepted()
        await harness.emulator.waitForWork(job.id)

        let status = try await fetch(job.status)
        #expect(status.status == 302)
        #expect(status.header("Location") == job.download)

        let download = try await fetch(job.download)
        #expect(download.status == 200)
        #expect(download.header("Content-Type") == "application/zip")
        #expect(download.header("Content-Disposition") == "attachment; filename=\"portal.zip\"")
        #expect(download.header("Content-Length") == String(download.body.count))
        let entries = try harness.entries(of: download.body)
        #expect(entries["src/APIMATIC-BUILD.json"] == buildFile)
        #expect(entries["src/spec/openapi.yaml"] == "openapi: 3.0.0\n")
        let index = try #require(entries["index.html"])
        #expect(index.contains("Pets &lt;API&gt;"))
        #expect(index.contains("content/guides/intro &amp; setup.md"))
        #expect(!index.contains("<API>"))
    }

    @Test func latencyKeepsTheJobInProgressUntilTheClockPasses() async throws {
        let clock = ManualClock()
        let harness = try Harness(latency: .seconds(5), clock: clock)
        defer { harness.cleanup() }
        let job = try await harness.accepted()
        await harness.emulator.waitForWork(job.id)

        #expect(try await fetch(job.status).json()["status"] as? String == "InProgress")
        #expect(try await fetch(job.download).status == 404)
        clock.advance(by: .seconds(4))
        #expect(try await fetch(job.status).json()["status"] as? String == "InProgress")
        clock.advance(by: .seconds(1))
        let done = try await fetch(job.status)
        #expect(done.status == 302)
        #expect(try await fetch(job.download).status == 200)
    }

    @Test func downloadBeforeCompletionIsAProblem404() async throws {
        let clock = ManualClock()
        let harness = try Harness(latency: .seconds(60), clock: clock)
        defer { harness.cleanup() }
        let job = try await harness.accepted()
        let early = try await fetch(job.download)
        #expect(early.status == 404)
        #expect(early.header("Content-Type")?.hasPrefix("application/problem+json") == true)
        let problem = try early.json()
        #expect(problem["status"] as? Int == 404)
        #expect((problem["detail"] as? String)?.contains("not ready") == true)
    }

    @Test func missingOrWrongKeyIs401() async throws {
        let harness = try Harness(key: testKey)
        defer { harness.cleanup() }
        let form = multipart([("file", try makeZip(sampleBuild, in: harness.directory))])
        for authorization in [nil, "X-Auth-Key", "X-Auth-Key    ", "X-Auth-Key wrong-key", "Bearer \(testKey)"] {
            var headers = ["Content-Type": form.contentType]
            headers["Authorization"] = authorization
            let response = try await fetch(harness.emulator.baseURL + "/portal/v2", method: "POST", headers: headers, body: form.body)
            #expect(response.status == 401)
            #expect(try response.json()["message"] as? String == "Authorization has been denied for this request.")
            #expect(!response.text.contains("wrong-key"))
        }
        let job = try await harness.accepted()
        #expect(try await fetch(job.status, headers: [:]).status == 401)
        #expect(try await fetch(job.download, headers: ["Authorization": "X-Auth-Key nope"]).status == 401)
    }

    @Test func anyNonEmptyKeyWorksWithoutAConfiguredKey() async throws {
        let harness = try Harness()
        defer { harness.cleanup() }
        let response = try await harness.submit(headers: ["Authorization": "X-Auth-Key anything"])
        #expect(response.status == 202)
    }

    private func expectBadUpload(_ response: Fetched, field: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status == 400, sourceLocation: sourceLocation)
        #expect(response.header("Content-Type")?.hasPrefix("application/problem+json") == true, sourceLocation: sourceLocation)
        let problem = try response.json()
        for key in ["type", "title", "status", "detail", "instance", "errors"] {
            #expect(problem[key] != nil, "missing \(key)", sourceLocation: sourceLocation)
        }
        #expect(problem["status"] as? Int == 400, sourceLocation: sourceLocation)
        let errors = try #require(problem["errors"] as? [String: [String]], sourceLocation: sourceLocation)
        #expect(errors[field]?.isEmpty == false, "errors: \(errors)", sourceLocation: sourceLocation)
    }

    @Test func badUploadsAre400ProblemJSON() async throws {
        let harness = try Harness()
        defer { harness.cleanup() }
        let url = harness.emulator.baseURL + "/portal/v2"
        let auth = "X-Auth-Key \(testKey)"
        let zip = try makeZip(sampleBuild, in: harness.directory)

        let notMultipart = try await fetch(url, method: "POST", headers: ["Authorization": auth, "Content-Type": "application/zip"], body: zip)
        try expectBadUpload(notMultipart, field: "file")

        let wrongPart = multipart([("upload", zip)])
        try expectBadUpload(try await fetch(url, method: "POST", headers: ["Authorization": auth, "Content-Type": wrongPart.contentType], body: wrongPart.body), field: "file")

        let notZip = multipart([("file", Array("<html>not a zip</html>".utf8))])
        try expectBadUpload(try await fetch(url, method: "POST", headers: ["Authorization": auth, "Content-Type": notZip.contentType], body: notZip.body), field: "file")

        let nested = multipart([("file", try makeZip([("src/APIMATIC-BUILD.json", buildFile)], in: harness.directory))])
        try expectBadUpload(try await fetch(url, method: "POST", headers: ["Authorization": auth, "Content-Type": nested.contentType], body: nested.body), field: "APIMATIC-BUILD.json")

        let dotSlash = multipart([("file", try makeZip([("./APIMATIC-BUILD.json", buildFile)], in: harness.directory))])
        try expectBadUpload(try await fetch(url, method: "POST", headers: ["Authorization": auth, "Content-Type": dotSlash.contentType], body: dotSlash.body), field: "APIMATIC-BUILD.json")
    }

    @Test func quotedBoundaryIsAccepted() async throws {
        let harness = try Harness()
        defer { harness.cleanup() }
        let boundary = "weird boundary:with=chars"
        let form = multipart([("file", try makeZip(sampleBuild, in: harness.directory))], boundary: boundary)
        let response = try await fetch(harness.emulator.baseURL + "/portal/v2", method: "POST",
                                       headers: ["Authorization": "X-Auth-Key k", "Content-Type": "multipart/form-data; boundary=\"\(boundary)\""],
                                       body: form.body)
        #expect(response.status == 202)
    }

    @Test func unknownIdsAndPathsAre404() async throws {
        let harness = try Harness()
        defer { harness.cleanup() }
        let base = harness.emulator.baseURL
        for path in ["/portal/v2/0194caa0-d38a-72e9-bcc8-df71acb5fd97/status", "/portal/v2/nope/download", "/elsewhere"] {
            let response = try await fetch(base + path)
            #expect(response.status == 404)
            #expect(try response.json()["title"] as? String == "Not Found")
        }
        #expect(try await fetch(base + "/portal/v2").status == 405)
    }

    @Test func invalidBuildFileBecomesValidationErrorWithAReportZip() async throws {
        let harness = try Harness()
        defer { harness.cleanup() }
        let job = try await harness.accepted([("APIMATIC-BUILD.json", "[1, 2, 3]")])
        await harness.emulator.waitForWork(job.id)

        let status = try await fetch(job.status)
        #expect(status.status == 200)
        let json = try status.json()
        #expect(json["status"] as? String == "ValidationError")
        let errors = try #require(json["errors"] as? [String: [String]])
        #expect(errors["APIMATIC-BUILD.json"]?.first?.contains("JSON object") == true)

        let download = try await fetch(job.download)
        #expect(download.status == 422)
        #expect(download.header("Content-Type") == "application/zip")
        let report = try #require(try harness.entries(of: download.body)["apimatic-debug/apimatic-report.html"])
        #expect(report.contains("JSON object"))
        #expect(report.contains(job.id))
    }

    @Test func linksFollowTheHostHeader() async throws {
        let harness = try Harness()
        defer { harness.cleanup() }
        let response = try await harness.submit(headers: ["Host": "emulator.test:8080"])
        let links = try #require(try response.json()["links"] as? [String: String])
        #expect(links["status"]?.hasPrefix("http://emulator.test:8080/portal/v2/") == true)
    }

    @Test func nonLoopbackHostNeedsAllowRemote() throws {
        var options = EmulatorOptions()
        options.host = "0.0.0.0"
        #expect(throws: EmulatorError(reason: .remoteNotAllowed(host: "0.0.0.0"))) { _ = try Emulator(options: options) }
        do {
            _ = try Emulator(options: options)
        } catch let error as EmulatorError {
            #expect(error.message.contains("--allow-remote"))
        }
        options.allowRemote = true
        let emulator = try Emulator(options: options)
        emulator.stop()
    }

    @Test func stopRemovesTheTemporaryWorkDirectoryButKeepsAGivenOne() throws {
        let emulator = try Emulator(options: EmulatorOptions())
        let temporary = emulator.workDirectory
        #expect(FileManager.default.fileExists(atPath: temporary.path))
        emulator.stop()
        #expect(!FileManager.default.fileExists(atPath: temporary.path))

        let given = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(at: given) }
        var options = EmulatorOptions()
        options.workDirectory = given
        let kept = try Emulator(options: options)
        kept.stop()
        #expect(FileManager.default.fileExists(atPath: given.appendingPathComponent("jobs").path))
    }
}
