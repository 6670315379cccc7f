import Diagnostics
import Foundation

/// Small constructors for errors that need no type of their own.
enum PortaldErrorFactory {
    static let unknown = PortaldError(kind: "internal", message: "The generation failed for an unknown reason. Save again to retry; run with --verbose for more.")

    static func io(_ what: String, _ error: any Error, hint: String) -> PortaldError {
        let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
        return PortaldError(kind: "io", message: "\(what): \(reason). \(hint)")
    }

    /// Names the job in a stage's error (unless it already does), keeping its details.
    static func inJob(_ job: String, _ error: any Error) -> any Error {
        guard let error = error as? any UserFacingError, !error.message.contains(job) else { return error }
        return PortaldError(kind: error.kind, message: "Job \(job): \(error.message)",
                            details: error.details, report: error.report)
    }
}
