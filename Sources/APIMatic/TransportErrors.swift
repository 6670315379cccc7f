import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A network failure (no HTTP response at all) as the user reads it.
struct TransportFailure: Error {
    let error: APIMaticError
    /// Worth retrying: the connection dropped or timed out, rather than nothing listening.
    let isTransient: Bool
}

/// Maps URLSession's errors, naming the URL and suggesting the usual ways out.
func transportFailure(_ error: any Error, url: URL, request: RequestKind, jobID: String?) -> TransportFailure {
    let code = (error as? URLError)?.code
    let reason: String
    var transient = true
    switch code {
    case .cannotConnectToHost?:
        reason = "the connection was refused (nothing is listening there)"
        transient = false
    case .cannotFindHost?, .dnsLookupFailed?:
        reason = "the host name could not be resolved"
        transient = false
    case .timedOut?:
        reason = "the request timed out"
    case .networkConnectionLost?:
        reason = "the connection was lost"
    case .notConnectedToInternet?:
        reason = "there is no network connection"
    case .secureConnectionFailed?, .serverCertificateUntrusted?, .serverCertificateHasBadDate?,
         .serverCertificateNotYetValid?, .serverCertificateHasUnknownRoot?:
        reason = "the TLS connection could not be established"
        transient = false
    case .badURL?, .unsupportedURL?:
        reason = "the URL is not usable"
        transient = false
    case .badServerResponse?, .cannotParseResponse?:
        reason = "the server's response could not be parsed as HTTP"
    default:
        reason = (error as? URLError).map { "network error \($0.code.rawValue)" } ?? String(describing: type(of: error))
    }
    let job = jobID.map { " for job \($0)" } ?? ""
    let message = "Could not reach the portal generation service at \(url.absoluteString) while \(request.action)\(job): \(reason). Check the --generator URL (or APIMATIC_BASE_URL) and your network, or use --generator builtin to render the portal locally."
    return TransportFailure(
        error: APIMaticError(kind: APIMaticError.Kind.connection, message: message, jobID: jobID),
        isTransient: transient)
}
