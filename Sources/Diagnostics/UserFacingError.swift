/// An error a person reads: what happened, where (file, job id, HTTP status), what to do.
/// Every stage's errors conform, so the CLI prints them and `--json` emits them the same way.
public protocol UserFacingError: Error, Sendable, CustomStringConvertible {
    /// Stable machine-readable class, e.g. "build-file", "auth", "validation", "unsafe-archive".
    var kind: String { get }
    /// One paragraph: what happened, where, and what to do next.
    var message: String { get }
    /// Every individual problem (field errors, parser messages), one per line; may be empty.
    var details: [String] { get }
    /// Path to a build report the user can open, if the failure came with one.
    var report: String? { get }
}

extension UserFacingError {
    public var details: [String] { [] }
    public var report: String? { nil }
    public var description: String {
        var text = message
        for detail in details { text += "\n  - \(detail)" }
        if let report { text += "\n  report: \(report)" }
        return text
    }
}

/// A user-facing error for cases that need no type of their own.
public struct PortaldError: UserFacingError {
    public let kind: String
    public let message: String
    public let details: [String]
    public let report: String?

    public init(kind: String, message: String, details: [String] = [], report: String? = nil) {
        self.kind = kind
        self.message = message
        self.details = details
        self.report = report
    }
}
