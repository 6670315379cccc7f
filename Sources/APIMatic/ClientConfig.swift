import Foundation

/// The APIMatic API key. Every textual form of it is redacted, so the key cannot leak through
/// string interpolation, `dump`, logs or error descriptions; only the transport reads `value`.
public struct APIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    public init(_ value: String) { self.value = value }

    public var isEmpty: Bool { value.isEmpty }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// How the client talks to one APIMatic-compatible service.
public struct ClientConfig: Sendable {
    /// Service root, e.g. `https://api.apimatic.io`; submit goes to `<baseURL>/portal/v2`.
    public var baseURL: URL
    public var key: APIKey
    public var userAgent: String
    /// Delay before the first status poll after submit.
    public var pollInitial: Duration
    /// Longest interval between two status polls (`--poll-cap`).
    public var pollCap: Duration
    /// Budget for one generation, from the start of waiting (`--timeout`).
    public var timeout: Duration
    /// Retries of one request after a 5xx, 429 or a dropped connection.
    public var maxRetries: Int
    /// In callback mode, the slow poll that covers lost callbacks.
    public var fallbackPollInterval: Duration
    /// URLSession idle timeout for a single request, in seconds.
    public var requestTimeout: TimeInterval
    /// Who the messages say answered ("APIMatic", or the built-in generator behind the same API).
    public var serviceName = "APIMatic"

    public init(
        baseURL: URL,
        key: APIKey,
        userAgent: String = ClientConfig.userAgent(version: "0.1.0"),
        pollInitial: Duration = .milliseconds(200),
        pollCap: Duration = .seconds(3),
        timeout: Duration = .seconds(1800),
        maxRetries: Int = 3,
        fallbackPollInterval: Duration = .seconds(30),
        requestTimeout: TimeInterval = 120
    ) {
        self.baseURL = baseURL
        self.key = key
        self.userAgent = userAgent
        self.pollInitial = pollInitial
        self.pollCap = pollCap
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.fallbackPollInterval = fallbackPollInterval
        self.requestTimeout = requestTimeout
    }

    /// The contract's `portald/<version> (<os>; Swift)`.
    public static func userAgent(version: String) -> String {
        "portald/\(version) (Linux; Swift)"
    }

    /// `POST` target for a new generation.
    var submitURL: URL {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return URL(string: text + "/portal/v2") ?? baseURL.appendingPathComponent("portal/v2")
    }
}

/// One submitted generation, with the links exactly as the service returned them.
public struct Job: Sendable, Hashable {
    public let id: String
    public let statusURL: URL
    public let downloadURL: URL

    public init(id: String, statusURL: URL, downloadURL: URL) {
        self.id = id
        self.statusURL = statusURL
        self.downloadURL = downloadURL
    }
}

/// What one status request says about a job.
public enum JobState: Sendable, Equatable {
    /// Queued, in progress, or a status value this client does not know yet.
    case running(status: String)
    case completed(download: URL)
    case failed(APIMaticError)
}
