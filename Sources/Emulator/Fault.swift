import Foundation
import Diagnostics

/// A misbehaviour the emulator injects on purpose (`portald emulate --fault SPEC`).
///
/// Counted faults take `=N` ("the first N times only"); without it they apply every time,
/// except `status-unknown` (3 polls). Submit counts are emulator-wide; status-poll counts
/// are per job, so each generation sees its own first N polls misbehave.
public enum Fault: Sendable, Equatable {
    /// `submit-400|401|402|403|500|503[=N]`: the submit answers that status with a body
    /// shaped like the real service's (503 adds `Retry-After: 1`).
    case submitStatus(Int, times: Int?)
    /// `submit-nonjson[=N]`: 500 with an HTML error page.
    case submitNonJSON(times: Int?)
    /// `submit-empty[=N]`: 500 with an empty body.
    case submitEmpty(times: Int?)
    /// `status-5xx[=N]`: status polls alternate 500 and 503 (`Retry-After: 1`).
    case statusServerError(times: Int?)
    /// `status-nonjson[=N]`: status polls answer 200 text/html.
    case statusNonJSON(times: Int?)
    /// `status-unknown[=N]`: status polls answer a made-up status value (default 3 polls).
    case statusUnknown(times: Int)
    /// `fail=...`: the generation ends with this status and a two-field errors map.
    case fail(FailureStatus)
    /// `download-422`: the status says done, the download answers 422 with an error zip.
    case download422
    /// `zip=...`: the download is a hostile or broken zip. ZIP has no hard-link type, so
    /// `hardlink` carries a link-to-/etc/passwd entry the way libarchive writes one: an
    /// empty regular file, which a correct extractor leaves empty and unlinked.
    case zip(HostileZip)
    /// `callback=lost`: the callback is never sent.
    case callbackLost
    /// `callback=failed`: the callback says "GenerationFailed" although the job completed
    /// (the status URL tells the truth), to exercise "on a failed callback, poll".
    case callbackFailed

    public enum FailureStatus: String, Sendable, CaseIterable {
        case validation = "ValidationError"
        case validationFailure = "ValidationFailure"
        case subscription = "SubscriptionError"
        case subscriptionFailure = "SubscriptionFailure"
        case failed = "Failed"

        var specName: String {
            switch self {
            case .validation: "validation"
            case .validationFailure: "validationfailure"
            case .subscription: "subscription"
            case .subscriptionFailure: "subscriptionfailure"
            case .failed: "failed"
            }
        }
    }

    public enum HostileZip: String, Sendable, CaseIterable {
        case slip, absolute, symlink, hardlink, bomb, truncated, notzip
    }

    static let submitStatuses = [400, 401, 402, 403, 500, 503]

    /// Every valid spec, for help text and parse errors.
    public static let validSpecs: [String] = submitStatuses.map { "submit-\($0)[=N]" }
        + ["submit-nonjson[=N]", "submit-empty[=N]", "status-5xx[=N]", "status-nonjson[=N]", "status-unknown[=N]",
           "fail=" + FailureStatus.allCases.map(\.specName).joined(separator: "|"),
           "download-422",
           "zip=" + HostileZip.allCases.map(\.rawValue).joined(separator: "|"),
           "callback=lost|failed"]

    public static func parse(_ spec: String) throws(FaultParseError) -> Fault {
        let trimmed = spec.trimmingCharacters(in: .whitespaces).lowercased()
        let name: String
        let argument: String?
        if let equals = trimmed.firstIndex(of: "=") {
            name = String(trimmed[..<equals])
            argument = String(trimmed[trimmed.index(after: equals)...])
        } else {
            name = trimmed
            argument = nil
        }

        func count() throws(FaultParseError) -> Int? {
            guard let argument else { return nil }
            guard let n = Int(argument), n > 0 else { throw FaultParseError(spec: spec, problem: "'\(argument)' is not a positive count") }
            return n
        }

        switch name {
        case "submit-nonjson": return .submitNonJSON(times: try count())
        case "submit-empty": return .submitEmpty(times: try count())
        case "status-5xx": return .statusServerError(times: try count())
        case "status-nonjson": return .statusNonJSON(times: try count())
        case "status-unknown": return .statusUnknown(times: try count() ?? 3)
        case "download-422":
            guard argument == nil else { throw FaultParseError(spec: spec, problem: "download-422 takes no value") }
            return .download422
        case "fail":
            guard let kind = FailureStatus.allCases.first(where: { $0.specName == argument }) else {
                throw FaultParseError(spec: spec, problem: "fail= takes " + FailureStatus.allCases.map(\.specName).joined(separator: ", "))
            }
            return .fail(kind)
        case "zip":
            guard let argument, let kind = HostileZip(rawValue: argument) else {
                throw FaultParseError(spec: spec, problem: "zip= takes " + HostileZip.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return .zip(kind)
        case "callback":
            switch argument {
            case "lost": return .callbackLost
            case "failed": return .callbackFailed
            default: throw FaultParseError(spec: spec, problem: "callback= takes lost or failed")
            }
        default:
            if name.hasPrefix("submit-"), let status = Int(name.dropFirst("submit-".count)), submitStatuses.contains(status) {
                return .submitStatus(status, times: try count())
            }
            throw FaultParseError(spec: spec, problem: "unknown fault")
        }
    }
}

public struct FaultParseError: UserFacingError, Equatable {
    public let spec: String
    public let problem: String

    public var kind: String { "usage" }
    public var message: String {
        "Invalid --fault '\(spec)': \(problem). Valid faults: \(Fault.validSpecs.joined(separator: ", "))."
    }
}
