import Archive
import Emulator
import Foundation
import Testing
@testable import APIMatic

/// The client against the project's own APIMatic-compatible service (`portald emulate`).
@Suite struct EmulatorIntegrationTests {
    private func emulator(_ faults: [String] = []) throws -> Emulator {
        var options = EmulatorOptions()
        options.key = Fixtures.key
        options.renderer = EchoRenderer()  // the fixture build input is minimal, not a full portal source
        options.faults = try faults.map { try Fault.parse($0) }
        return try Emulator(options: options)
    }

    /// Polling on an instant clock: the budget is virtual, so a slow machine cannot time out.
    private func client(_ emulator: Emulator, clock: TestClock = TestClock(.instant), key: String = Fixtures.key) -> APIMaticClient {
        var config = ClientConfig(baseURL: URL(string: emulator.baseURL)!, key: APIKey(key), userAgent: ClientConfig.userAgent(version: "9.9.9"))
        config.timeout = .seconds(1_000_000)
        config.requestTimeout = 30
        return APIMaticClient(config: config, clock: clock)
    }

    private func entries(of zip: URL) throws -> [String] {
        var names: [String] = []
        try ZipReader.forEachEntry(in: zip.path, readContents: false) { info, _ in names.append(info.path) }
        return names
    }

    @Test func submitPollDownloadHappyPath() async throws {
        let dir = try TempDir()
        let service = try emulator()
        defer { service.stop() }
        let client = client(service)

        let job = try await client.submit(zip: try Fixtures.buildZip(in: dir), callbackURL: nil)
        #expect(job.statusURL.absoluteString.hasPrefix(service.baseURL))
        let url = try await client.waitUntilDone(job)
        let out = dir.path("portal.zip")
        let size = try await client.download(from: url, to: out, reportDirectory: dir.path("report"), jobID: job.id)

        #expect(size > 0)
        #expect(try entries(of: out).contains("index.html"))
    }

    @Test func wrongKeyAndAuthFaultExplainHowToSetTheKey() async throws {
        let dir = try TempDir()
        let service = try emulator()
        defer { service.stop() }
        let zip = try Fixtures.buildZip(in: dir)
        let wrong = await #expect(throws: APIMaticError.self) {
            try await client(service, key: "not-the-key").submit(zip: zip, callbackURL: nil)
        }
        #expect(wrong?.kind == "auth")
        #expect(wrong?.message.contains("APIMATIC_API_KEY") == true)
        #expect(wrong?.description.contains("not-the-key") == false)

        let faulty = try emulator(["submit-401"])
        defer { faulty.stop() }
        let denied = await #expect(throws: APIMaticError.self) { try await client(faulty).submit(zip: zip, callbackURL: nil) }
        #expect(denied?.kind == "auth")
        #expect(denied?.description.contains(Fixtures.key) == false)
    }

    @Test func transientFaultsAreRetriedWithRetryAfter() async throws {
        let dir = try TempDir()
        let service = try emulator(["submit-503=1", "status-5xx=2"])
        defer { service.stop() }
        let clock = TestClock(.instant)
        let client = client(service, clock: clock)

        let job = try await client.submit(zip: try Fixtures.buildZip(in: dir), callbackURL: nil)
        #expect(clock.sleeps.first == .seconds(1), "Retry-After: 1 honoured")
        _ = try await client.waitUntilDone(job)
        #expect(clock.sleeps.filter { $0 == .seconds(1) }.count >= 2, "status 503 Retry-After honoured too")
    }

    @Test(arguments: [("fail=validation", "validation"), ("fail=subscriptionfailure", "subscription"), ("fail=failed", "generation-failed")])
    func failuresArriveWithTheirErrors(fault: String, kind: String) async throws {
        let dir = try TempDir()
        let service = try emulator([fault])
        defer { service.stop() }
        let client = client(service)
        let job = try await client.submit(zip: try Fixtures.buildZip(in: dir), callbackURL: nil)
        let error = await #expect(throws: APIMaticError.self) { try await client.waitUntilDone(job) }
        #expect(error?.kind == kind)
        #expect(error?.jobID == job.id)
        #expect(error?.details.isEmpty == false)
    }

    @Test func buildReportFromA422IsExtracted() async throws {
        let dir = try TempDir()
        let service = try emulator(["download-422"])
        defer { service.stop() }
        let client = client(service)
        let job = try await client.submit(zip: try Fixtures.buildZip(in: dir), callbackURL: nil)
        let url = try await client.waitUntilDone(job)
        let error = await #expect(throws: APIMaticError.self) {
            try await client.download(from: url, to: dir.path("portal.zip"), reportDirectory: dir.path("report"), jobID: job.id)
        }
        #expect(error?.kind == "build-report")
        let report = try #require(error?.report)
        #expect(report.hasSuffix("apimatic-report.html"))
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("<"))
    }

    @Test func callbackModeCompletesWithoutPolling() async throws {
        let dir = try TempDir()
        let service = try emulator()
        defer { service.stop() }
        let receiver = try CallbackReceiver(listen: "127.0.0.1:0", publicURL: nil)
        defer { receiver.stop() }
        let clock = TestClock(.manual)  // never advanced: only the callback can end the wait
        let client = client(service, clock: clock)

        let job = try await client.submit(zip: try Fixtures.buildZip(in: dir), callbacks: receiver)
        let url = try await client.waitUntilDone(job, callbacks: receiver)
        let size = try await client.download(from: url, to: dir.path("portal.zip"), reportDirectory: dir.path("r"), jobID: job.id)
        #expect(size > 0)
    }

    @Test func failedCallbackIsCheckedAgainstTheStatusURL() async throws {
        let dir = try TempDir()
        let service = try emulator(["callback=failed"])
        defer { service.stop() }
        let receiver = try CallbackReceiver(listen: "127.0.0.1:0", publicURL: nil)
        defer { receiver.stop() }
        let client = client(service, clock: TestClock(.manual))
        let job = try await client.submit(zip: try Fixtures.buildZip(in: dir), callbacks: receiver)
        // The callback lies ("GenerationFailed"); the status URL says the job completed.
        let url = try await client.waitUntilDone(job, callbacks: receiver)
        #expect(url.absoluteString.hasPrefix(service.baseURL))
    }

    @Test func lostCallbackFallsBackToPolling() async throws {
        let dir = try TempDir()
        let service = try emulator(["callback=lost"])
        defer { service.stop() }
        let receiver = try CallbackReceiver(listen: "127.0.0.1:0", publicURL: nil)
        defer { receiver.stop() }
        let clock = TestClock(.manual)
        let client = client(service, clock: clock)
        let job = try await client.submit(zip: try Fixtures.buildZip(in: dir), callbacks: receiver)
        // Each fallback poll needs the clock moved on; the job finishes after one or more.
        let ticker = Task {
            while !Task.isCancelled {
                if clock.pendingSleepers > 0 { clock.advance(by: .seconds(30)) }
                await Task.yield()
            }
        }
        defer { ticker.cancel() }
        let url = try await client.waitUntilDone(job, callbacks: receiver)
        #expect(url.absoluteString.hasPrefix(service.baseURL))
        #expect(!clock.sleeps.isEmpty && clock.sleeps.allSatisfy { $0 == .seconds(30) })
    }
}
