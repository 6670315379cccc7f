import Diagnostics

/// Per-stage durations of one generation, in milliseconds (the `live` event's `ms`).
public struct StageTimings: Sendable, Equatable, Codable {
    public var pack = 0, submit = 0, wait = 0, download = 0, extract = 0, swap = 0, total = 0
    public init() {}
}

/// The payload of a `failed` event: the user-facing error, flattened.
public struct ErrorPayload: Sendable, Equatable, Codable {
    public var kind: String
    public var message: String
    public var details: [String]
    public var report: String?

    public init(_ error: any Error) {
        if let error = error as? any UserFacingError {
            kind = error.kind; message = error.message; details = error.details; report = error.report
        } else {
            kind = "internal"; message = "\(error)"; details = []; report = nil
        }
    }
}

/// The machine interface of ARCHITECTURE.md: one JSON object per line with `--json`.
public enum PortaldEvent: Sendable, Equatable {
    case ready(preview: String, url: String?, generator: String)
    case change(paths: [String])
    case unchanged
    case submitted(generation: Int, job: String)
    /// `job` is nil when the build was superseded before its submit returned.
    case superseded(generation: Int, job: String?)
    case status(generation: Int, job: String, status: String)
    case downloaded(generation: Int, job: String, bytes: Int64)
    case live(generation: Int, job: String, ms: StageTimings)
    case failed(generation: Int?, job: String?, error: ErrorPayload)

    public var name: String {
        switch self {
        case .ready: "ready"
        case .change: "change"
        case .unchanged: "unchanged"
        case .submitted: "submitted"
        case .superseded: "superseded"
        case .status: "status"
        case .downloaded: "downloaded"
        case .live: "live"
        case .failed: "failed"
        }
    }
}
