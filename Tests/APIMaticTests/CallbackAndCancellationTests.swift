import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPServer
import Synchronization
import Testing
@testable import APIMatic

/// Sends a callback the way the service would and returns the receiver's status code.
/// Blocking, so a stub handler (synchronous) can call it before answering the submit.
private func postCallback(_ url: URL, _ json: String, method: String = "POST") -> Int {
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.httpBody = Data(json.utf8)
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    let done = DispatchSemaphore(value: 0)
    let status = Mutex(-1)
    URLSession.shared.dataTask(with: request) { _, response, _ in
        status.withLock { $0 = (response as? HTTPURLResponse)?.statusCode ?? -1 }
        done.signal()
    }.resume()
    done.wait()
    return status.withLock { $0 }
}

private func callbackJSON(_ id: String, _ status: String, _ link: String) -> String {
    #"{"id":"\#(id)","status":"\#(status)","link":"\#(link)"}"#
}

/// Yields until `condition` holds: the other task only needs CPU, not time.
private func until(_ condition: () -> Bool) async {
    while !condition() { await Task.yield() }
}

/// A one-shot signal from a synchronous handler to the test.
private final class Signal: Sendable {
    private let fired = Mutex(false)
    private let gate = DispatchSemaphore(value: 0)
    func fire() { fired.withLock { $0 = true } }
    var hasFired: Bool { fired.withLock { $0 } }
    /// Lets a blocked handler go.
    func release() { gate.signal() }
    func block() { _ = gate.wait(timeout: .now() + 20) }
}

@Suite struct CallbackAndCancellationTests {
    @Test func callbackThatBeatsTheSubmitResponseCompletesTheJob() async throws {
        let dir = try TempDir()
        let service = try StubService()
        let receiver = try CallbackReceiver(listen: "127.0.0.1:0", publicURL: nil)
        defer { receiver.stop() }
        let verdicts = Mutex<[Int]>([])
        let accepted = service.acceptedResponse
        service.script(.submit, [{ [jobID = service.jobID, base = service.base] request in
            // The fastest possible service: the callback arrives before the 202.
            let url = URL(string: request.header("x-apimatic-callbackurl")!)!
            let code = postCallback(url, callbackJSON(jobID, "GenerationCompleted", "\(base)/files/from-callback.zip"))
            verdicts.withLock { $0.append(code) }
            return accepted
        }])
        let clock = TestClock(.manual)  // never advanced: no fallback poll can fire
        let client = APIMaticClient(config: Fixtures.config(service), clock: clock)

        let job = try await client.submit(zip: try Fixtures.buildZip(in: dir), callbacks: receiver)
        let url = try await client.waitUntilDone(job, callbacks: receiver)

        #expect(url.absoluteString == "\(service.base)/files/from-callback.zip")
        #expect(verdicts.withLock { $0 } == [202])
        #expect(service.requests(.status).isEmpty, "no polling needed")
        let sent = try #require(service.requests(.submit).first?.header("x-apimatic-callbackurl"))
        #expect(sent == receiver.callbackURL.absoluteString)
        #expect(receiver.callbackURL.lastPathComponent.count == 64)
    }

    @Test func callbacksWithAWrongTokenOrUnknownIdAreIgnored() async throws {
        let service = try StubService()
        let receiver = try CallbackReceiver(listen: "127.0.0.1:0", publicURL: nil)
        defer { receiver.stop() }
        let clock = TestClock(.manual)
        let client = APIMaticClient(config: Fixtures.config(service), clock: clock)
        let job = service.job
        let waiting = Task { try await client.waitUntilDone(job, callbacks: receiver) }
        await until { clock.pendingSleepers == 1 }  // the wait has begun

        let evil = "\(service.base)/files/evil.zip"
        let wrongToken = receiver.callbackURL.deletingLastPathComponent().appendingPathComponent(String(repeating: "0", count: 64))
        #expect(postCallback(wrongToken, callbackJSON(job.id, "GenerationCompleted", evil)) == 404)
        #expect(postCallback(receiver.callbackURL, callbackJSON("someone-else", "GenerationCompleted", evil)) == 404)
        #expect(postCallback(receiver.callbackURL, "{}") == 400)
        let huge = callbackJSON(job.id, "GenerationCompleted", evil + String(repeating: "a", count: 70_000))
        #expect(postCallback(receiver.callbackURL, huge) == 413)
        #expect(postCallback(receiver.callbackURL, callbackJSON(job.id, "GenerationCompleted", "\(service.base)/files/real.zip"), method: "PUT") == 200)

        let url = try await waiting.value
        #expect(url.absoluteString == "\(service.base)/files/real.zip")
        // Once done, the job's callbacks are refused too.
        #expect(postCallback(receiver.callbackURL, callbackJSON(job.id, "GenerationCompleted", evil)) == 409)
    }

    @Test func callbackLinkToAnotherHostIsNotTrustedWithTheKey() async throws {
        let service = try StubService()
        let receiver = try CallbackReceiver(listen: "127.0.0.1:0", publicURL: nil)
        defer { receiver.stop() }
        let clock = TestClock(.manual)
        let client = APIMaticClient(config: Fixtures.config(service), clock: clock)
        let job = service.job
        let waiting = Task { try await client.waitUntilDone(job, callbacks: receiver) }
        await until { clock.pendingSleepers == 1 }
        #expect(postCallback(receiver.callbackURL, callbackJSON(job.id, "GenerationCompleted", "https://attacker.example/x.zip")) == 200)
        #expect(try await waiting.value == job.downloadURL)
    }

    @Test func failingCallbackAsksTheStatusURLForTheErrors() async throws {
        let service = try StubService()
        service.script(.status, responses: [.raw(200, #"{"status":"ValidationError","errors":{"content/toc.yml":["unknown page guide.md"]}}"#)])
        let receiver = try CallbackReceiver(listen: "127.0.0.1:0", publicURL: URL(string: "https://public.example.test/hooks/")!)
        defer { receiver.stop() }
        #expect(receiver.callbackURL.absoluteString.hasPrefix("https://public.example.test/hooks/"))
        #expect(!receiver.callbackURL.absoluteString.contains("hooks//"))
        let local = URL(string: "http://127.0.0.1:\(receiver.port)/hooks/\(receiver.callbackURL.lastPathComponent)")!
        let clock = TestClock(.manual)
        let client = APIMaticClient(config: Fixtures.config(service), clock: clock)
        let job = service.job
        let waiting = Task { try await client.waitUntilDone(job, callbacks: receiver) }
        await until { clock.pendingSleepers == 1 }
        #expect(postCallback(local, callbackJSON(job.id, "GenerationFailed", "")) == 200)

        let error = await #expect(throws: APIMaticError.self) { try await waiting.value }
        #expect(error?.kind == "validation")
        #expect(error?.details == ["content/toc.yml: unknown page guide.md"])
        #expect(service.requests(.status).count == 1)
    }

    @Test func lostCallbackIsCoveredByTheSlowFallbackPoll() async throws {
        let service = try StubService()
        let receiver = try CallbackReceiver(listen: "127.0.0.1:0", publicURL: nil)
        defer { receiver.stop() }
        let clock = TestClock(.manual)
        let client = APIMaticClient(config: Fixtures.config(service) { $0.fallbackPollInterval = .seconds(30) }, clock: clock)
        let job = service.job
        let waiting = Task { try await client.waitUntilDone(job, callbacks: receiver) }
        await until { clock.pendingSleepers == 1 }
        #expect(service.requests(.status).isEmpty)
        clock.advance(by: .seconds(30))

        #expect(try await waiting.value == job.downloadURL)
        #expect(clock.sleeps == [.seconds(30)])
        #expect(service.requests(.status).count == 1)
    }

    @Test func cancellationStopsPollingAtOnce() async throws {
        let service = try StubService()
        service.script(.status, responses: [.raw(200, #"{"status":"InProgress"}"#)])
        let clock = TestClock(.manual)
        let client = APIMaticClient(config: Fixtures.config(service), clock: clock)
        let statuses = Mutex<[String]>([])
        let job = service.job
        let waiting = Task { try await client.waitUntilDone(job) { s in statuses.withLock { $0.append(s) } } }

        await until { clock.pendingSleepers == 1 }
        clock.advance(by: .milliseconds(200))
        await until { statuses.withLock { $0.count } == 1 && clock.pendingSleepers == 1 }
        waiting.cancel()

        await #expect(throws: CancellationError.self) { try await waiting.value }
        clock.advance(by: .seconds(60))
        #expect(service.requests(.status).count == 1)
        #expect(clock.pendingSleepers == 0)
    }

    @Test func cancellationAbortsAnInFlightStatusRequest() async throws {
        let service = try StubService()
        let entered = Signal()
        service.script(.status, [{ _ in
            entered.fire()
            entered.block()
            return .raw(200, #"{"status":"Completed"}"#)
        }])
        let client = APIMaticClient(config: Fixtures.config(service), clock: TestClock(.instant))
        let job = service.job
        let waiting = Task { try await client.waitUntilDone(job) }
        await until { entered.hasFired }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        entered.release()
    }

    @Test func cancelledDownloadLeavesNoPartialFile() async throws {
        let dir = try TempDir()
        let service = try StubService()
        let stream = HTTPStream()
        let entered = Signal()
        service.script(.download, [{ _ in
            entered.fire()
            _ = stream.send(Array(repeating: 0x50, count: 100_000))  // some bytes, then silence
            return HTTPResponse(status: 200, headers: [("Content-Type", "application/zip")], body: .stream(stream))
        }])
        let client = APIMaticClient(config: Fixtures.config(service), clock: TestClock(.instant))
        let target = dir.path("portal.zip")
        let downloading = Task { try await client.download(from: service.job.downloadURL, to: target, reportDirectory: dir.path("r")) }
        await until { entered.hasFired }
        downloading.cancel()

        await #expect(throws: CancellationError.self) { try await downloading.value }
        stream.close()
        #expect(dir.contents().isEmpty, "found \(dir.contents())")
    }

    @Test func listenAddressParsing() throws {
        #expect(try CallbackReceiver.parseListen("127.0.0.1:0") == ("127.0.0.1", 0))
        #expect(try CallbackReceiver.parseListen("[::1]:8089") == ("::1", 8089))
        #expect(throws: APIMaticError.self) { try CallbackReceiver.parseListen("localhost") }
        #expect(throws: APIMaticError.self) { try CallbackReceiver.parseListen(":80") }
        #expect(throws: APIMaticError.self) { try CallbackReceiver.parseListen("h:99999") }
    }
}
