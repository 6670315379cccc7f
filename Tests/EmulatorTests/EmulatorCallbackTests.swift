import ManualClock
import Foundation
import HTTPServer
import Synchronization
import Testing
@testable import Emulator

/// A tiny HTTPServer standing in for the daemon's callback receiver.
private final class CallbackReceiver: Sendable {
    struct Received: Sendable {
        let method: String
        let contentType: String?
        let json: [String: String]
    }

    private final class Inbox: Sendable {
        let items = Mutex<[Received]>([])
    }

    let server: HTTPServer
    private let inbox = Inbox()
    private let stream: AsyncStream<Received>
    var url: String { server.baseURL + "/callback/secret-token" }

    init() throws {
        let (stream, continuation) = AsyncStream<Received>.makeStream()
        self.stream = stream
        let inbox = self.inbox
        server = try HTTPServer(options: HTTPServerOptions()) { request in
            let json = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: String] ?? [:]
            let item = Received(method: request.method, contentType: request.header("content-type"), json: json)
            inbox.items.withLock { $0.append(item) }
            continuation.yield(item)
            return HTTPResponse(status: 204)
        }
    }

    func next() async -> Received? {
        var iterator = stream.makeAsyncIterator()
        return await iterator.next()
    }

    var all: [Received] { inbox.items.withLock { $0 } }
}

@Suite struct EmulatorCallbackTests {
    @Test func completedJobPostsTheCallback() async throws {
        let receiver = try CallbackReceiver()
        defer { receiver.server.stop() }
        let harness = try Harness()
        defer { harness.cleanup() }
        let job = try await harness.accepted(headers: ["X-APIMatic-CallbackUrl": receiver.url])
        let callback = try #require(await receiver.next())
        #expect(callback.method == "POST")
        #expect(callback.contentType == "application/json")
        #expect(callback.json == ["id": job.id, "status": "GenerationCompleted", "link": job.download])
        #expect(try await fetch(job.status).status == 302)
    }

    @Test func callbackWaitsForTheLatency() async throws {
        let receiver = try CallbackReceiver()
        defer { receiver.server.stop() }
        let clock = ManualClock()
        let harness = try Harness(latency: .seconds(30), clock: clock)
        defer { harness.cleanup() }
        let job = try await harness.accepted(headers: ["X-APIMatic-CallbackUrl": receiver.url])
        await harness.emulator.waitForWork(job.id)
        #expect(receiver.all.isEmpty)
        clock.advance(by: .seconds(30))
        await harness.emulator.waitForCallback(job.id)
        #expect(receiver.all.map(\.json["status"]) == ["GenerationCompleted"])
    }

    @Test func failedGenerationSendsGenerationFailed() async throws {
        let receiver = try CallbackReceiver()
        defer { receiver.server.stop() }
        let harness = try Harness(faults: [.fail(.validation)])
        defer { harness.cleanup() }
        let job = try await harness.accepted(headers: ["X-APIMatic-CallbackUrl": receiver.url])
        let callback = try #require(await receiver.next())
        #expect(callback.json["status"] == "GenerationFailed")
        #expect(callback.json["id"] == job.id)
    }

    @Test func callbackFailedFaultLiesWhileStatusTellsTheTruth() async throws {
        let receiver = try CallbackReceiver()
        defer { receiver.server.stop() }
        let harness = try Harness(faults: [.callbackFailed])
        defer { harness.cleanup() }
        let job = try await harness.accepted(headers: ["X-APIMatic-CallbackUrl": receiver.url])
        let callback = try #require(await receiver.next())
        #expect(callback.json["status"] == "GenerationFailed")
        #expect(try await fetch(job.status).status == 302)
    }

    @Test func callbackLostFaultNeverSends() async throws {
        let receiver = try CallbackReceiver()
        defer { receiver.server.stop() }
        let harness = try Harness(faults: [.callbackLost])
        defer { harness.cleanup() }
        let job = try await harness.accepted(headers: ["X-APIMatic-CallbackUrl": receiver.url])
        await harness.emulator.waitForCallback(job.id)
        #expect(try await fetch(job.status).status == 302)
        // A second, unfaulted emulator's callback to the same receiver arrives, so the
        // receiver works and the first one really sent nothing before it.
        let control = try Harness()
        defer { control.cleanup() }
        let other = try await control.accepted(headers: ["X-APIMatic-CallbackUrl": receiver.url])
        let first = try #require(await receiver.next())
        #expect(first.json["id"] == other.id)
        #expect(receiver.all.count == 1)
    }
}
