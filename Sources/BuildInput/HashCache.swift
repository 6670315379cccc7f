import Foundation

/// Per-file digests kept between scans, reused while a file's device, inode, size and mtime are
/// unchanged, so a rebuild after one edit rereads one file. Entries are only stored for files
/// whose mtime is safely older than the scan (a write within the same mtime tick would
/// otherwise go unnoticed, the "racy clean" problem git has too).
public final class HashCache: @unchecked Sendable {
    private struct Entry {
        let status: POSIXFiles.Status
        let digest: ContentDigest
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    public init() {}

    public var count: Int { lock.withLock { entries.count } }

    func digest(for relativePath: String, status: POSIXFiles.Status) -> ContentDigest? {
        lock.withLock {
            guard let entry = entries[relativePath], entry.status == status else { return nil }
            return entry.digest
        }
    }

    func store(_ digest: ContentDigest, for relativePath: String, status: POSIXFiles.Status, size: Int64, scanStarted: Date) {
        let mtime = Double(status.modificationNanoseconds) / 1e9
        lock.withLock {
            guard size == status.size, mtime < scanStarted.timeIntervalSince1970 - 2 else {
                entries[relativePath] = nil
                return
            }
            entries[relativePath] = Entry(status: status, digest: digest)
        }
    }
}
