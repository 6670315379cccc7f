import Diagnostics
import Foundation

/// Small constructors for errors that need no type of their own.
enum PortaldErrorFactory {
    static func io(_ what: String, _ error: any Error, hint: String) -> PortaldError {
        let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
        return PortaldError(kind: "io", message: "\(what): \(reason). \(hint)")
    }

    /// Prefixes a stage's error with the generation's context (job id), keeping its details.
    static func inJob(_ job: String, _ error: any Error, stage: String) -> any Error {
        guard let error = error as? any UserFacingError else { return error }
        return PortaldError(kind: error.kind, message: "Job \(job), \(stage): \(error.message)",
                            details: error.details, report: error.report)
    }
}
