import HTTPServer

/// Bodies shaped like the real service's (ASP.NET-style problem details and messages).
enum ServiceResponses {
    struct Problem: Encodable {
        let type: String
        let title: String
        let status: Int
        let detail: String
        let instance: String
        let errors: [String: [String]]
    }

    struct Message: Encodable {
        let message: String
    }

    static func problem(_ status: Int, title: String, detail: String, instance: String,
                        errors: [String: [String]]) -> HTTPResponse {
        let section = [400: "6.5.1", 402: "6.5.2", 403: "6.5.3", 404: "6.5.4", 422: "6.5.1"][status] ?? "6.6.1"
        return .json(status, Problem(type: "https://tools.ietf.org/html/rfc7231#section-\(section)", title: title,
                                     status: status, detail: detail, instance: instance, errors: errors),
                     contentType: "application/problem+json; charset=utf-8")
    }

    static func unauthorized() -> HTTPResponse {
        .json(401, Message(message: "Authorization has been denied for this request."))
    }

    static func internalError() -> HTTPResponse {
        .json(500, Message(message: "An error has occurred."))
    }

    static func unavailable() -> HTTPResponse {
        var response = HTTPResponse.json(503, Message(message: "The service is temporarily unavailable. Please retry later."))
        response.headers.append(("Retry-After", "1"))
        return response
    }

    static func htmlErrorPage(_ status: Int) -> HTTPResponse {
        .text(status, """
            <!DOCTYPE html>
            <html><head><title>Service Unavailable</title></head>
            <body><h1>Server Error</h1><p>The request could not be processed (upstream proxy error).</p></body></html>

            """, contentType: "text/html; charset=utf-8")
    }

    /// What a submit-NNN fault answers.
    static func submitFault(_ status: Int, instance: String) -> HTTPResponse {
        switch status {
        case 400:
            return problem(400, title: "One or more validation errors occurred.",
                           detail: "The build input failed validation.", instance: instance,
                           errors: ["APIMATIC-BUILD.json": ["Line 1: generatePortal.languageConfig must name at least one language."],
                                    "spec": ["No API definition file was found in the spec folder."]])
        case 401:
            return unauthorized()
        case 402:
            return problem(402, title: "Payment Required", detail: "Your subscription has expired.", instance: instance,
                           errors: ["subscription": ["Renew your APIMatic subscription to generate portals."]])
        case 403:
            return problem(403, title: "Subscription Error",
                           detail: "Your current subscription plan does not allow on-premise portal generation.",
                           instance: instance,
                           errors: ["subscription": ["Portal generation via the API is not part of your plan."],
                                    "account": ["Contact your account owner to upgrade."]])
        case 503:
            return unavailable()
        default:
            return internalError()
        }
    }

    /// The two-field errors map that a fail=... generation reports.
    static func failureErrors(_ status: Fault.FailureStatus) -> [String: [String]] {
        switch status {
        case .validation, .validationFailure:
            return ["spec": ["Line 3: The API definition is not valid OpenAPI: 'paths' is required."],
                    "content/toc.yml": ["Line 7: Page 'guides/missing.md' does not exist."]]
        case .subscription, .subscriptionFailure:
            return ["subscription": ["Your plan does not include API portal generation."],
                    "languageConfig": ["Language 'go' is not available on your plan."]]
        case .failed:
            return ["portal": ["An internal error occurred while generating the portal."],
                    "build": ["Generation aborted after an unexpected error; retry later."]]
        }
    }
}
