import Diagnostics

/// A failure managing the preview directory, naming the path and the system's reason.
public struct SwapError: UserFacingError, Equatable {
    public let kind = "preview"
    public let message: String
    public let details: [String]
    public let path: String

    init(_ message: String, path: String, details: [String] = []) {
        self.message = message
        self.path = path
        self.details = details
    }
}
