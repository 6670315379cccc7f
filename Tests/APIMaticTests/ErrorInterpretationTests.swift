import Foundation
import Testing
@testable import APIMatic

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct ErrorInterpretationTests {
    @Test func problemJSONShowsTitleDetailAndEveryFieldMessage() {
        let body = bytes("""
        {"type":"https://httpstatuses.com/400","title":"One or more validation errors occurred.",
         "status":400,"detail":"The build input is invalid.","instance":"/portal/v2",
         "errors":{"APIMATIC-BUILD.json":["generatePortal is required","languageConfig is empty"],
                   "spec/openapi.yaml":["line 3: unexpected key"]}}
        """)
        let error = interpretSubmitError(status: 400, body: body, headers: ["content-type": "application/problem+json"])
        #expect(error.kind == "validation")
        #expect(error.httpStatus == 400)
        #expect(error.message.contains("One or more validation errors occurred."))
        #expect(error.message.contains("The build input is invalid."))
        #expect(error.message.contains("400"))
        #expect(error.details == [
            "APIMATIC-BUILD.json: generatePortal is required",
            "APIMATIC-BUILD.json: languageConfig is empty",
            "spec/openapi.yaml: line 3: unexpected key",
        ])
        #expect(error.description.contains("  - spec/openapi.yaml: line 3: unexpected key"))
    }

    @Test(arguments: [402, 403])
    func subscriptionProblems(status: Int) {
        let body = bytes(#"{"title":"Subscription required","status":\#(status),"detail":"Your plan does not include On-Prem portals.","errors":{"plan":["upgrade needed"]}}"#)
        let error = interpretSubmitError(status: status, body: body, headers: [:])
        #expect(error.kind == "subscription")
        #expect(error.message.contains("Subscription required"))
        #expect(error.message.contains("Your plan does not include On-Prem portals."))
        #expect(error.details == ["plan: upgrade needed"])
    }

    @Test func unauthorizedSaysHowToSetTheKey() {
        let body = bytes(#"{"message": "Authorization has been denied for this request."}"#)
        let error = interpretSubmitError(status: 401, body: body, headers: [:])
        #expect(error.kind == "auth")
        #expect(error.message.contains("missing or wrong"))
        #expect(error.message.contains("APIMATIC_API_KEY"))
        #expect(error.message.contains("--auth-key-file"))
        #expect(error.message.contains("600"))
        #expect(error.message.contains("Authorization has been denied for this request."))
    }

    @Test func nonJSONBodyShowsStatusAndAShortCleanExcerpt() {
        let html = "<html>\n<head>\u{1B}[31m<title>502 Bad Gateway</title></head>\t<body>" + String(repeating: "x", count: 500) + "</body></html>"
        let error = interpretSubmitError(status: 502, body: bytes(html), headers: [:])
        #expect(error.kind == "server")
        #expect(error.message.contains("502"))
        #expect(error.message.contains("<title>502 Bad Gateway</title>"))
        #expect(!error.message.contains("\u{1B}"))
        #expect(!error.message.contains("\n"))
        #expect(!error.message.contains(String(repeating: "x", count: 250)))
    }

    @Test func emptyBodySaysSo() {
        let error = interpretSubmitError(status: 418, body: [], headers: [:])
        #expect(error.kind == "http")
        #expect(error.message.contains("418"))
        #expect(error.message.contains("empty"))
    }

    @Test func internalServerErrorAndUnavailable() {
        let e500 = interpretSubmitError(status: 500, body: bytes(#"{"message": "An error has occurred."}"#), headers: [:])
        #expect(e500.kind == "server")
        #expect(e500.message.contains("An error has occurred."))
        #expect(e500.message.contains("500"))
        let e503 = interpretSubmitError(status: 503, body: [], headers: [:])
        #expect(e503.kind == "server")
        #expect(e503.httpStatus == 503)
        let e429 = interpretSubmitError(status: 429, body: [], headers: [:])
        #expect(e429.kind == "rate-limited")
    }

    @Test func retryableStatuses() {
        #expect([429, 500, 502, 503, 504].allSatisfy(isRetryableStatus))
        #expect(![200, 400, 401, 402, 403, 404, 422].contains(where: isRetryableStatus))
    }

    @Test func acceptedBodyUsesTheLinksAsGiven() throws {
        let submit = URL(string: "http://127.0.0.1:9/portal/v2")!
        let body = bytes(#"{"id":"abc","links":{"status":"https://elsewhere.test/s/abc?sig=1","download":"/d/abc"}}"#)
        let job = try parseAcceptedJob(body: body, submitURL: submit)
        #expect(job.id == "abc")
        #expect(job.statusURL.absoluteString == "https://elsewhere.test/s/abc?sig=1")
        #expect(job.downloadURL.absoluteString == "http://127.0.0.1:9/d/abc")
    }

    @Test func acceptedBodyWithoutLinksIsAProtocolError() {
        #expect(throws: APIMaticError.self) {
            try parseAcceptedJob(body: bytes(#"{"id":"abc"}"#), submitURL: URL(string: "http://h/portal/v2")!)
        }
    }

    @Test func connectionRefusedNamesTheURLAndSuggestsBuiltin() {
        let url = URL(string: "http://127.0.0.1:1/portal/v2")!
        let failure = transportFailure(URLError(.cannotConnectToHost), url: url, request: .submit, jobID: nil)
        #expect(!failure.isTransient)
        #expect(failure.error.kind == "connection")
        #expect(failure.error.message.contains(url.absoluteString))
        #expect(failure.error.message.contains("--generator builtin"))
        #expect(transportFailure(URLError(.networkConnectionLost), url: url, request: .status, jobID: "j").isTransient)
    }
}
