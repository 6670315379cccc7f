import Diagnostics

/// Every failure of the APIMatic client the user can see. `kind` is one of `Kind`'s values.
public struct APIMaticError: UserFacingError, Equatable {
    public let kind: String
    public let message: String
    public let details: [String]
    public let report: String?
    public let httpStatus: Int?
    public let jobID: String?

    public init(
        kind: String, message: String, details: [String] = [], report: String? = nil,
        httpStatus: Int? = nil, jobID: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.details = details
        self.report = report
        self.httpStatus = httpStatus
        self.jobID = jobID
    }

    /// Stable machine-readable classes (the `failed` event's `error.kind`).
    public enum Kind {
        /// Key missing or wrong (401).
        public static let auth = "auth"
        /// The build input was rejected (400, or status ValidationError).
        public static let validation = "validation"
        /// Plan/subscription problem (402, 403, or status SubscriptionError).
        public static let subscription = "subscription"
        /// The service says generation failed (status Failed, or a failing callback).
        public static let generationFailed = "generation-failed"
        /// Download returned an error zip with a build report (422).
        public static let buildReport = "build-report"
        /// Too many requests, retries used up (429).
        public static let rateLimited = "rate-limited"
        /// 5xx, retries used up.
        public static let server = "server"
        /// Any other unexpected HTTP status.
        public static let http = "http"
        /// The service could not be reached.
        public static let connection = "connection"
        /// The service answered something that breaks the contract.
        public static let protocolViolation = "protocol"
        /// The generation did not finish within `--timeout`.
        public static let timeout = "timeout"
        /// Local file trouble (reading the zip, writing the download).
        public static let io = "io"
    }
}
