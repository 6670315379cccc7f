import Foundation

/// Small pure helpers that turn raw response bytes into text fit for a message.
enum ResponseText {
    /// The first `limit` characters of a body, control characters replaced, whitespace
    /// collapsed: enough to recognise a proxy's HTML page without flooding the terminal.
    static func excerpt(_ body: [UInt8], limit: Int = 200) -> String {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        var out = ""
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let isControl = scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .format
            if isControl || scalar == " " || scalar.properties.isWhitespace {
                if !lastWasSpace && !out.isEmpty { out.append(" ") }
                lastWasSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        while out.hasSuffix(" ") { out.removeLast() }
        if out.count > limit { out = String(out.prefix(limit)) + "…" }
        return out
    }

    /// The body as a JSON object, or nil for anything else (HTML, empty, arrays).
    static func jsonObject(_ body: [UInt8]) -> [String: Any]? {
        guard !body.isEmpty,
              let value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        else { return nil }
        return value as? [String: Any]
    }

    /// Every message of an `errors` member as "field: message", fields in sorted order.
    /// Tolerates `{field: [msg]}`, `{field: msg}`, `[msg]` and a plain string.
    static func fieldMessages(_ errors: Any?) -> [String] {
        switch errors {
        case let map as [String: Any]:
            return map.keys.sorted().flatMap { field -> [String] in
                let messages = plainMessages(map[field])
                let label = field.trimmingCharacters(in: .whitespaces)
                return messages.map { label.isEmpty ? $0 : "\(label): \($0)" }
            }
        default:
            return plainMessages(errors)
        }
    }

    private static func plainMessages(_ value: Any?) -> [String] {
        switch value {
        case let text as String: return text.isEmpty ? [] : [text]
        case let list as [Any]: return list.flatMap { plainMessages($0) }
        case let map as [String: Any]: return fieldMessages(map)
        case let number as NSNumber: return [number.stringValue]
        default: return []
        }
    }

    static func string(_ object: [String: Any], _ key: String) -> String? {
        guard let text = object[key] as? String else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// "400 Bad Request": status codes this client is likely to show.
    static func statusLine(_ status: Int) -> String {
        let reasons: [Int: String] = [
            200: "OK", 202: "Accepted", 302: "Found", 400: "Bad Request", 401: "Unauthorized",
            402: "Payment Required", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
            408: "Request Timeout", 409: "Conflict", 410: "Gone", 413: "Content Too Large",
            415: "Unsupported Media Type", 422: "Unprocessable Content", 429: "Too Many Requests",
            500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
            504: "Gateway Timeout",
        ]
        return reasons[status].map { "\(status) \($0)" } ?? "\(status)"
    }
}
