import CSupport
import Foundation

public enum Extractor {
    /// Extracts into `directory` (must exist, should be empty and private). libarchive's
    /// archive_write_disk runs with SECURE_NODOTDOT | SECURE_SYMLINKS | SECURE_NOABSOLUTEPATHS
    /// (no owner, permission or time restore) behind `EntryPolicy` and `ExtractionLimits`,
    /// both checked before each entry or chunk is written. Any violation throws; the caller
    /// discards the whole directory. Never writes outside it.
    public static func extract(zipAt path: String, into directory: String,
                               limits: ExtractionLimits = .default) throws -> ExtractionSummary {
        // SECURE_NOABSOLUTEPATHS means libarchive only gets paths relative to the cwd, so the
        // work runs on a thread of its own whose cwd (unshared) is the target directory.
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome.result = Result { () throws(ArchiveError) in
                try extractOnPrivateThread(zipAt: path, into: directory, limits: limits)
            }
            done.signal()
        }
        thread.name = "portald-extract"
        thread.start()
        done.wait()
        return try outcome.result!.get()
    }

    /// Written by the worker thread before `done.signal()`, read after `done.wait()`.
    private final class Outcome: @unchecked Sendable {
        var result: Result<ExtractionSummary, ArchiveError>?
    }

    private static func extractOnPrivateThread(zipAt path: String, into directory: String,
                                               limits: ExtractionLimits) throws(ArchiveError) -> ExtractionSummary {
        if portald_unshare_cwd() != 0 || chdir(directory) != 0 {
            throw .io(archive: path, entry: nil, doing: "extract into \(directory) from",
                      reason: String(cString: strerror(errno)))
        }
        var walk = try LimitedZipWalk(archivePath: path, limits: limits)
        var policy = EntryPolicy(archivePath: path)
        let disk: DiskWriter
        do { disk = try DiskWriter() } catch { throw diskFailure(error, archive: path, entry: nil) }
        var summary = ExtractionSummary()

        while let entry = try walk.next() {
            let relative = try policy.admit(entry)
            let isDirectory = entry.kind == .directory
            do { try disk.writeHeader(relativePath: relative, isDirectory: isDirectory) } catch {
                throw diskFailure(error, archive: path, entry: entry.displayPath)
            }
            if isDirectory {
                summary.directories += 1
            } else {
                summary.bytes += try walk.streamData { chunk throws(ArchiveError) in
                    do throws(LibArchiveFailure) { try disk.writeData(chunk) } catch { throw diskFailure(error, archive: path, entry: entry.displayPath) }
                }
                summary.files += 1
            }
            do { try disk.finishEntry() } catch { throw diskFailure(error, archive: path, entry: entry.displayPath) }
        }
        do { try disk.close() } catch { throw diskFailure(error, archive: path, entry: nil) }
        return summary
    }

    /// OS errors are io; anything else is libarchive's SECURE_* checks refusing a path our own
    /// policy let through, which is still an unsafe archive.
    private static func diskFailure(_ failure: LibArchiveFailure, archive: String, entry: String?) -> ArchiveError {
        if failure.isSystemError || entry == nil {
            return .io(archive: archive, entry: entry, doing: "extract", reason: failure.reason)
        }
        return .unsafe(.badPathSyntax, archive: archive, entry: entry!, detail: failure.reason)
    }
}
