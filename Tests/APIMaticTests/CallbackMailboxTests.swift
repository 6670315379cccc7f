import Foundation
import Testing
@testable import APIMatic

private func body(_ id: String, _ status: String = "GenerationCompleted", link: String = "https://h/d") -> [UInt8] {
    Array(#"{"id":"\#(id)","status":"\#(status)","link":"\#(link)"}"#.utf8)
}

@Suite struct CallbackMailboxTests {
    @Test func tokenIs32RandomBytesInHex() {
        let a = CallbackMailbox(), b = CallbackMailbox()
        #expect(a.token.count == 64)
        #expect(a.token.allSatisfy { $0.isHexDigit })
        #expect(a.token != b.token)
    }

    @Test func deliversTheAwaitedJobsCallback() async throws {
        let mailbox = CallbackMailbox(token: "tok")
        mailbox.expect("job-1")
        let verdict = mailbox.receive(method: "POST", path: "/hooks/tok", contentType: "application/json; charset=utf-8", body: body("job-1"))
        #expect(verdict.status == 200)
        let event = try await mailbox.next(for: "job-1")
        #expect(event == CallbackEvent(id: "job-1", status: "GenerationCompleted", link: "https://h/d"))
        #expect(event.isCompleted)
    }

    @Test func rejectsWrongTokenMethodSizeTypeAndBody() {
        let mailbox = CallbackMailbox(token: "tok")
        mailbox.expect("job-1")
        #expect(mailbox.receive(method: "POST", path: "/hooks/tok2", contentType: nil, body: body("job-1")).status == 404)
        #expect(mailbox.receive(method: "POST", path: "/tok/extra", contentType: nil, body: body("job-1")).status == 404)
        #expect(mailbox.receive(method: "GET", path: "/tok", contentType: nil, body: []).status == 405)
        let big = Array(repeating: UInt8(ascii: " "), count: 64 * 1024 + 1)
        #expect(mailbox.receive(method: "POST", path: "/tok", contentType: nil, body: big).status == 413)
        #expect(mailbox.receive(method: "PUT", path: "/tok", contentType: "text/plain", body: body("job-1")).status == 415)
        #expect(mailbox.receive(method: "POST", path: "/tok", contentType: "application/json", body: Array("not json".utf8)).status == 400)
        #expect(mailbox.receive(method: "POST", path: "/tok", contentType: "application/json", body: Array(#"{"status":"x"}"#.utf8)).status == 400)
        // None of them was acted on: the real one is still the first delivered.
        #expect(mailbox.receive(method: "PUT", path: "/tok?x=1", contentType: "application/vnd.api+json", body: body("job-1", "Done")).status == 200)
    }

    @Test func unknownAndFinishedJobsAreRefusedAndNeverDelivered() async throws {
        let mailbox = CallbackMailbox(token: "tok")
        #expect(mailbox.receive(method: "POST", path: "/tok", contentType: nil, body: body("nobody")).status == 404)
        mailbox.expect("old")
        mailbox.expect("new")  // "old" superseded
        #expect(mailbox.receive(method: "POST", path: "/tok", contentType: nil, body: body("old")).status == 409)
        #expect(mailbox.receive(method: "POST", path: "/tok", contentType: nil, body: body("new", "Failed")).status == 200)
        let event = try await mailbox.next(for: "new")
        #expect(event.id == "new")
        mailbox.finish("new")
        #expect(mailbox.receive(method: "POST", path: "/tok", contentType: nil, body: body("new")).status == 409)
    }

    @Test func aCallbackBeatingTheSubmitResponseIsHeldForThatJob() async throws {
        let mailbox = CallbackMailbox(token: "tok")
        mailbox.beginSubmission()
        #expect(mailbox.receive(method: "POST", path: "/tok", contentType: nil, body: body("stray")).status == 202)
        #expect(mailbox.receive(method: "POST", path: "/tok", contentType: nil, body: body("fast")).status == 202)
        mailbox.expect("fast")
        let event = try await mailbox.next(for: "fast")
        #expect(event.id == "fast")
        // The stray one was dropped when the submit's id became known.
        mailbox.expect("stray")
        #expect(mailbox.receive(method: "POST", path: "/tok", contentType: nil, body: body("stray", "Second")).status == 200)
        #expect(try await mailbox.next(for: "stray").status == "Second")
    }

    @Test func failedSubmissionDropsHeldCallbacks() {
        let mailbox = CallbackMailbox(token: "tok")
        mailbox.beginSubmission()
        #expect(mailbox.receive(method: "POST", path: "/tok", contentType: nil, body: body("x")).status == 202)
        mailbox.endSubmission()
        #expect(mailbox.receive(method: "POST", path: "/tok", contentType: nil, body: body("x")).status == 404)
    }

    @Test func waitingIsCancellable() async {
        let mailbox = CallbackMailbox(token: "tok")
        mailbox.expect("job")
        let waiter = Task { try await mailbox.next(for: "job") }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
    }

    @Test func constantTimeCompare() {
        #expect(constantTimeEqual("abc", "abc"))
        #expect(!constantTimeEqual("abc", "abd"))
        #expect(!constantTimeEqual("abc", "abcd"))
    }
}
