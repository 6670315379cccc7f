import Foundation

/// `Retry-After` is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
enum RetryAfter {
    /// The delay the header asks for, measured from `now` (the response's `Date` header is a
    /// better `now` than the local clock when present). Nil when absent or unparseable.
    static func parse(_ value: String?, now: Date) -> Duration? {
        guard let raw = value?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        if raw.allSatisfy(\.isASCII), let seconds = Int(raw) {
            return seconds >= 0 ? .seconds(seconds) : nil
        }
        guard let date = httpDate(raw) else { return nil }
        let delta = date.timeIntervalSince(now)
        return delta > 0 ? .milliseconds(Int64((delta * 1000).rounded(.up))) : .zero
    }

    /// Delay for a response's headers (lowercased names), `now` from its `Date` if present.
    static func delay(headers: [String: String], localNow: Date = Date()) -> Duration? {
        let reference = headers["date"].flatMap(httpDate) ?? localNow
        return parse(headers["retry-after"], now: reference)
    }

    /// IMF-fixdate, plus the obsolete RFC 850 and asctime forms recipients must accept.
    static func httpDate(_ text: String) -> Date? {
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

/// The delays between status polls: start soon, grow by half each time, never past the cap.
struct PollSchedule: Sendable {
    private(set) var current: Duration
    let cap: Duration

    init(initial: Duration, cap: Duration) {
        self.cap = max(cap, .milliseconds(1))
        self.current = min(max(initial, .zero), self.cap)
    }

    /// The delay to use now; the following call returns a longer one, up to `cap`.
    mutating func next() -> Duration {
        let delay = current
        current = min(current * 1.5, cap)
        if current == .zero { current = min(.milliseconds(100), cap) }
        return delay
    }
}

/// Delays between retries of one request: Retry-After when the server sends one, else
/// 0.5 s, 1 s, 2 s ... (doubling, at most 30 s).
enum RetryBackoff {
    static func delay(attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return retryAfter }
        let exponent = min(max(attempt, 0), 6)
        return min(.milliseconds(500) * (1 << exponent), .seconds(30))
    }
}
