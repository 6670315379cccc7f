import Diagnostics

/// Everything that can go wrong reading the user's build input, phrased for the user.
public struct BuildInputError: UserFacingError, Equatable {
    public enum Reason: String, Sendable {
        /// No APIMATIC-BUILD.json where we looked.
        case buildDirectoryNotFound = "build-directory"
        /// APIMATIC-BUILD.json exists but can't be read or parsed.
        case buildFile = "build-file"
        /// A file of the build directory can't be read while snapshotting.
        case unreadableFile = "unreadable-file"
        /// The ignore file can't be read.
        case ignoreFile = "ignore-file"
        /// Writing the upload zip failed.
        case pack = "pack"
    }

    public let reason: Reason
    public let message: String
    public let details: [String]
    /// The file the error is about, for callers that want to point at it.
    public let path: String?

    public var kind: String { reason.rawValue }

    init(_ reason: Reason, _ message: String, path: String? = nil, details: [String] = []) {
        self.reason = reason
        self.message = message
        self.path = path
        self.details = details
    }
}
