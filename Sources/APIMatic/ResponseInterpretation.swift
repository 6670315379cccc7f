import Foundation

/// Which request a response belongs to: decides the wording and what the user should do.
enum RequestKind: Sendable {
    case submit, status, download

    var action: String {
        switch self {
        case .submit: "submitting the build"
        case .status: "checking the generation status"
        case .download: "downloading the portal"
        }
    }
}

/// What a status response means for the polling loop.
enum StatusReply: Sendable, Equatable {
    case state(JobState)
    /// 429, 5xx: ask again later (after `retryAfter` if the server said so).
    case retry(APIMaticError, retryAfter: Duration?)
    case fail(APIMaticError)
}

/// Statuses worth retrying: the service is busy or briefly broken.
func isRetryableStatus(_ status: Int) -> Bool {
    status == 429 || status == 500 || status == 502 || status == 503 || status == 504
}

/// Pure: a failed submit (status + body) -> the error the user reads.
func interpretSubmitError(status: Int, body: [UInt8], headers: [String: String], service: String = "APIMatic") -> APIMaticError {
    interpretErrorResponse(status: status, body: body, headers: headers, request: .submit, url: nil, jobID: nil, service: service)
}

/// Pure: any non-success response -> the user-facing error, worded for the request it answers.
func interpretErrorResponse(
    status: Int, body: [UInt8], headers: [String: String], request: RequestKind, url: URL?, jobID: String?,
    service: String = "APIMatic"
) -> APIMaticError {
    let json = ResponseText.jsonObject(body)
    var summary: [String] = []
    var details: [String] = []
    if let json {
        // Problem JSON (title/detail/errors) or the older {"message": ...} shape.
        for key in ["title", "detail", "message", "error_description"] {
            if let text = ResponseText.string(json, key), !summary.contains(text) { summary.append(text) }
        }
        details = ResponseText.fieldMessages(json["errors"])
    }
    if summary.isEmpty && details.isEmpty {
        let excerpt = ResponseText.excerpt(body)
        summary.append(excerpt.isEmpty ? "the response body was empty" : "the response body was: \"\(excerpt)\"")
    }

    let job = jobID.map { " for job \($0)" } ?? ""
    let place = url.map { " from \($0.absoluteString)" } ?? ""
    let what = "HTTP \(ResponseText.statusLine(status))\(place) while \(request.action)\(job)"
    let said = summary.map { $0.hasSuffix(".") ? $0 : $0 + "." }.joined(separator: " ")

    let kind: String
    let headline: String
    let advice: String
    switch status {
    case 400:
        kind = APIMaticError.Kind.validation
        headline = "\(service) rejected the build input"
        advice = "Fix the problems listed in the build directory and save again."
    case 401:
        kind = APIMaticError.Kind.auth
        headline = "\(service) did not accept the API key: it is missing or wrong"
        advice = "Set the key in the environment variable APIMATIC_API_KEY, or write it to a file only you can read (chmod 600 FILE) and pass --auth-key-file FILE. Without a key, --generator builtin renders the portal locally."
    case 402, 403:
        kind = APIMaticError.Kind.subscription
        headline = "\(service) refused the request because of your plan or subscription"
        advice = "Check that your APIMatic subscription includes portal generation, or use --generator builtin."
    case 404, 410:
        kind = APIMaticError.Kind.http
        headline = request == .submit ? "The portal generation endpoint was not found" : "The job's link is not (or no longer) valid"
        advice = request == .submit
            ? "Check the --generator URL (or APIMATIC_BASE_URL); it should be the service root, e.g. https://api.apimatic.io."
            : "The job may have expired; save again to start a new generation."
    case 413:
        kind = APIMaticError.Kind.validation
        headline = "The build zip is too large for the service"
        advice = "Remove large files from the build directory (or ignore them in .portaldignore) and save again."
    case 429:
        kind = APIMaticError.Kind.rateLimited
        headline = "\(service) is rate-limiting requests and retries did not help"
        advice = "Wait a minute and save again."
    case 500...599:
        kind = APIMaticError.Kind.server
        headline = "\(service) had a server error and retries did not help"
        advice = "This is usually temporary: try again later (save again), or use --generator builtin meanwhile."
    default:
        kind = APIMaticError.Kind.http
        headline = "\(service) answered with an unexpected status"
        advice = "Check the --generator URL; if it is right, this may be a service problem: try again later."
    }
    return APIMaticError(
        kind: kind, message: "\(headline) (\(what)): \(said) \(advice)",
        details: details, httpStatus: status, jobID: jobID)
}

/// Pure: a `202 Accepted` body -> the job, links used exactly as given (relative ones are
/// resolved against the submit URL, to be tolerant).
func parseAcceptedJob(body: [UInt8], submitURL: URL, service: String = "APIMatic") throws(APIMaticError) -> Job {
    let json = ResponseText.jsonObject(body)
    let links = json?["links"] as? [String: Any]
    guard let json, let id = ResponseText.string(json, "id"),
          let status = links.flatMap({ ResponseText.string($0, "status") }).flatMap({ URL(string: $0, relativeTo: submitURL)?.absoluteURL }),
          let download = links.flatMap({ ResponseText.string($0, "download") }).flatMap({ URL(string: $0, relativeTo: submitURL)?.absoluteURL })
    else {
        let excerpt = ResponseText.excerpt(body)
        throw APIMaticError(
            kind: APIMaticError.Kind.protocolViolation,
            message: "\(service) accepted the build (HTTP 202 from \(submitURL.absoluteString)) but its answer lacks the job id or the status/download links: \"\(excerpt)\". Check that --generator points at an APIMatic-compatible service.",
            httpStatus: 202)
    }
    return Job(id: id, statusURL: status, downloadURL: download)
}

/// Pure: one status response -> what the polling loop does next.
func interpretStatus(status: Int, body: [UInt8], headers: [String: String], job: Job, localNow: Date = Date(),
                     service: String = "APIMatic") -> StatusReply {
    switch status {
    case 200:
        guard let json = ResponseText.jsonObject(body), let value = ResponseText.string(json, "status") else {
            let excerpt = ResponseText.excerpt(body)
            return .fail(APIMaticError(
                kind: APIMaticError.Kind.protocolViolation,
                message: "The status of job \(job.id) (HTTP 200 from \(job.statusURL.absoluteString)) is not the expected JSON {\"status\": ...}: \"\(excerpt)\". Check that --generator points at an APIMatic-compatible service.",
                httpStatus: 200, jobID: job.id))
        }
        var messages = ResponseText.fieldMessages(json["errors"])
        for key in ["message", "detail"] {
            if let text = ResponseText.string(json, key), !messages.contains(text) { messages.append(text) }
        }
        return .state(interpretStatusValue(value, errors: messages, job: job, service: service))
    case 301, 302, 303, 307, 308:
        guard let location = headers["location"],
              let target = URL(string: location.trimmingCharacters(in: .whitespaces), relativeTo: job.statusURL)?.absoluteURL
        else {
            return .fail(APIMaticError(
                kind: APIMaticError.Kind.protocolViolation,
                message: "The status of job \(job.id) redirected (HTTP \(status) from \(job.statusURL.absoluteString)) without a usable Location header. Save again to start a new generation.",
                httpStatus: status, jobID: job.id))
        }
        return .state(.completed(download: target))
    default:
        let error = interpretErrorResponse(
            status: status, body: body, headers: headers, request: .status, url: job.statusURL, jobID: job.id,
            service: service)
        if isRetryableStatus(status) {
            return .retry(error, retryAfter: RetryAfter.delay(headers: headers, localNow: localNow))
        }
        return .fail(error)
    }
}

/// Pure: a status value from the contract (or an unknown one) -> the job state.
func interpretStatusValue(_ value: String, errors: [String], job: Job, service: String = "APIMatic") -> JobState {
    let listed = errors.isEmpty ? " (the service gave no details)" : ""
    switch value.lowercased() {
    case "completed":
        return .completed(download: job.downloadURL)
    case "validationerror", "validationfailure":
        return .failed(APIMaticError(
            kind: APIMaticError.Kind.validation,
            message: "\(service) could not generate the portal for job \(job.id): the build input is invalid (status \(value))\(listed). Fix the problems in the build directory and save again.",
            details: errors, jobID: job.id))
    case "subscriptionerror", "subscriptionfailure":
        return .failed(APIMaticError(
            kind: APIMaticError.Kind.subscription,
            message: "\(service) refused to generate the portal for job \(job.id) because of your plan or subscription (status \(value))\(listed). Check that your APIMatic subscription includes portal generation, or use --generator builtin.",
            details: errors, jobID: job.id))
    case "failed":
        return .failed(APIMaticError(
            kind: APIMaticError.Kind.generationFailed,
            message: "\(service) failed to generate the portal for job \(job.id) (status \(value)). This is a problem on the service side: save again to retry, and contact APIMatic support if it persists.",
            details: errors, jobID: job.id))
    default:
        return .running(status: value)
    }
}
