import Diagnostics

/// Every failure of this module. `kind` is "unsafe-archive" (policy violation),
/// "corrupt-archive" (not a zip, truncated, CRC) or "io" (disk errors).
public struct ArchiveError: UserFacingError {
    /// The extraction rule an unsafe archive broke; nil for corrupt-archive and io errors.
    public enum Rule: String, Sendable, Equatable {
        case absolutePath = "absolute path"
        case parentReference = "'..' path component"
        case badPathSyntax = "malformed path"
        case symlink = "symbolic link entry"
        case hardlink = "hard link entry"
        case specialFile = "special file entry (device, fifo or socket)"
        case duplicateEntry = "duplicate or conflicting entry"
        case tooManyEntries = "too many entries"
        case totalBytes = "total uncompressed size over the limit"
        case compressionRatio = "compression ratio over the limit (zip bomb)"
    }

    public let kind: String
    public let message: String
    public let details: [String]
    /// The zip file the error is about.
    public let archivePath: String
    /// The entry being processed, when there was one.
    public let entry: String?
    public let rule: Rule?

    static let notApplied = "The portal was not applied; the previous preview is kept."

    static func unsafe(_ rule: Rule, archive: String, entry: String, detail: String) -> ArchiveError {
        ArchiveError(
            kind: "unsafe-archive",
            message: "Unsafe portal archive \(archive): entry '\(entry)' was rejected (\(rule.rawValue): \(detail)). "
                + notApplied,
            details: [], archivePath: archive, entry: entry, rule: rule)
    }

    static func corrupt(archive: String, entry: String?, libarchive: String) -> ArchiveError {
        let place = entry.map { " at entry '\($0)'" } ?? ""
        return ArchiveError(
            kind: "corrupt-archive",
            message: "The portal archive \(archive) is not a readable ZIP\(place): \(libarchive). " + notApplied
                + " Retry the generation; if it keeps failing, the download was cut short or the server sent something other than a ZIP.",
            details: [libarchive], archivePath: archive, entry: entry, rule: nil)
    }

    /// `action` completes "Could not ... <archive>", e.g. "write the ZIP", "extract".
    static func io(archive: String, entry: String?, doing action: String, reason: String) -> ArchiveError {
        let place = entry.map { " (entry '\($0)')" } ?? ""
        return ArchiveError(
            kind: "io",
            message: "Could not \(action) \(archive)\(place): \(reason). Check free disk space and permissions, then retry.",
            details: [reason], archivePath: archive, entry: entry, rule: nil)
    }
}
