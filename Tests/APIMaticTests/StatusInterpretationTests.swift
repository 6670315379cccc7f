import Foundation
import Testing
@testable import APIMatic

private let job = Job(
    id: "0194caa0-d38a-72e9-bcc8-df71acb5fd97",
    statusURL: URL(string: "https://api.example.test/portal/v2/0194caa0/status")!,
    downloadURL: URL(string: "https://api.example.test/portal/v2/0194caa0/download")!)

private func status200(_ json: String) -> StatusReply {
    interpretStatus(status: 200, body: Array(json.utf8), headers: [:], job: job)
}

@Suite struct StatusInterpretationTests {
    @Test(arguments: ["InProgress", "Queued", "Compiling", "SomethingNew", "inprogress"])
    func runningAndUnknownValuesKeepPolling(value: String) {
        #expect(status200(#"{"status": "\#(value)"}"#) == .state(.running(status: value)))
    }

    @Test func completedDownloadsFromTheGivenLink() {
        #expect(status200(#"{"status":"Completed"}"#) == .state(.completed(download: job.downloadURL)))
    }

    @Test(arguments: ["ValidationError", "ValidationFailure"])
    func validationFailuresCarryEveryError(value: String) throws {
        let reply = status200(#"{"status":"\#(value)","errors":{"spec":["no API definition found","bad yaml"],"toc.yml":["missing"]}}"#)
        guard case .state(.failed(let error)) = reply else { Issue.record("got \(reply)"); return }
        #expect(error.kind == "validation")
        #expect(error.jobID == job.id)
        #expect(error.message.contains(job.id))
        #expect(error.message.contains(value))
        #expect(error.details == ["spec: no API definition found", "spec: bad yaml", "toc.yml: missing"])
    }

    @Test(arguments: ["SubscriptionError", "SubscriptionFailure"])
    func subscriptionFailures(value: String) {
        guard case .state(.failed(let error)) = status200(#"{"status":"\#(value)","errors":{"":["Plan does not include portals"]}}"#)
        else { Issue.record("not a failure"); return }
        #expect(error.kind == "subscription")
        #expect(error.details == ["Plan does not include portals"])
    }

    @Test func failedIsAGenerationFailure() {
        guard case .state(.failed(let error)) = status200(#"{"status":"Failed","message":"boom"}"#)
        else { Issue.record("not a failure"); return }
        #expect(error.kind == "generation-failed")
        #expect(error.details == ["boom"])
        #expect(error.message.contains(job.id))
    }

    @Test(arguments: [302, 303, 307])
    func redirectMeansDoneWithAbsoluteLocation(code: Int) {
        let reply = interpretStatus(status: code, body: [], headers: ["location": "https://cdn.example.test/p.zip"], job: job)
        #expect(reply == .state(.completed(download: URL(string: "https://cdn.example.test/p.zip")!)))
    }

    @Test func relativeLocationResolvesAgainstTheStatusURL() {
        let reply = interpretStatus(status: 302, body: [], headers: ["location": "download?x=1"], job: job)
        #expect(reply == .state(.completed(download: URL(string: "https://api.example.test/portal/v2/0194caa0/download?x=1")!)))
        let rooted = interpretStatus(status: 302, body: [], headers: ["location": "/files/p.zip"], job: job)
        #expect(rooted == .state(.completed(download: URL(string: "https://api.example.test/files/p.zip")!)))
    }

    @Test func redirectWithoutLocationIsAProtocolError() {
        guard case .fail(let error) = interpretStatus(status: 302, body: [], headers: [:], job: job)
        else { Issue.record("expected failure"); return }
        #expect(error.kind == "protocol")
    }

    @Test func serverErrorsAndRateLimitsAreRetriedWithRetryAfter() {
        let reply = interpretStatus(status: 503, body: Array("busy".utf8), headers: ["retry-after": "7"], job: job)
        guard case .retry(let error, let after) = reply else { Issue.record("got \(reply)"); return }
        #expect(after == .seconds(7))
        #expect(error.httpStatus == 503)
        guard case .retry(_, let none) = interpretStatus(status: 500, body: [], headers: [:], job: job)
        else { Issue.record("500 not retried"); return }
        #expect(none == nil)
        guard case .retry = interpretStatus(status: 429, body: [], headers: [:], job: job)
        else { Issue.record("429 not retried"); return }
    }

    @Test func nonJSONStatusBodyIsAProtocolErrorWithExcerpt() {
        guard case .fail(let error) = status200("<html>proxy login</html>") else { Issue.record("expected failure"); return }
        #expect(error.kind == "protocol")
        #expect(error.message.contains("<html>proxy login</html>"))
    }

    @Test func notFoundStatusIsFatalAndNamesTheJob() {
        guard case .fail(let error) = interpretStatus(status: 404, body: [], headers: [:], job: job)
        else { Issue.record("expected failure"); return }
        #expect(error.httpStatus == 404)
        #expect(error.message.contains(job.id))
        #expect(error.message.contains(job.statusURL.absoluteString))
    }
}

@Suite struct ServiceNameTests {
    /// The same client speaks to the built-in generator's service: its messages name it.
    @Test func messagesNameTheServiceTheyCameFrom() {
        let reply = interpretStatus(status: 200, body: Array(#"{"status":"ValidationError","errors":{"spec":["bad"]}}"#.utf8),
                                    headers: [:], job: job, service: "The built-in generator")
        guard case .state(.failed(let error)) = reply else { Issue.record("\(reply)"); return }
        #expect(error.message.hasPrefix("The built-in generator could not generate the portal for job \(job.id)"))
        let submit = interpretSubmitError(status: 401, body: [], headers: [:], service: "The built-in generator")
        #expect(submit.message.hasPrefix("The built-in generator did not accept the API key"))
        #expect(interpretSubmitError(status: 401, body: [], headers: [:]).message.hasPrefix("APIMatic did not accept"))
    }
}
