import Diagnostics
import Foundation

/// Small constructors for errors that need no type of their own.
enum PortaldErrorFactory {
    static let unknown = PortaldError(kind: "internal", message: "The generation failed for an unknown reason. Save again to retry; run with --verbose for more.")

    static func io(_ what: String, _ error: any Error, hint: String) -> PortaldError {
        let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
        return PortaldError(kind: "io", message: "\(what): \(reason). \(hint)")
    }

    /// Names the job in a stage's error (unless it already does), keeping its details; with
    /// the built-in generator, the client's "APIMatic ..." wording names that generator instead.
    static func inJob(_ job: String, _ error: any Error, builtin: Bool = false) -> any Error {
        guard let error = error as? any UserFacingError else { return error }
        var message = error.message
        if builtin, message.hasPrefix("APIMatic ") { message = "The built-in generator " + message.dropFirst("APIMatic ".count) }
        if !message.contains(job) { message = "Job \(job): " + message }
        guard message != error.message else { return error }
        return PortaldError(kind: error.kind, message: message, details: error.details, report: error.report)
    }
}
