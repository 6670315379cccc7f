/// Writes a ZIP (deflate) with deterministic metadata: every entry gets the same fixed mtime
/// (1980-01-01T00:00:00Z), uid/gid 0, mode 0644 files / 0755 dirs. Entries are written in the
/// order added (callers sort). Paths are written exactly as given (no validation: the
/// emulator uses this to build hostile zips on purpose).
public final class ZipWriter {
    private let path: String
    private let file: ZipFileWriter

    /// Creates or truncates the file at `path`.
    public init(path: String) throws {
        self.path = path
        do { file = try ZipFileWriter(path: path) } catch { throw Self.fail(error, path: path, entry: nil) }
    }

    public func addDirectory(_ path: String) throws {
        do { try file.writeHeader(path: path, kind: .directory) } catch { throw Self.fail(error, path: self.path, entry: path) }
    }

    public func addFile(_ path: String, contents: [UInt8]) throws {
        do {
            try file.writeHeader(path: path, kind: .file(size: Int64(contents.count)))
            try file.writeData(contents)
        } catch { throw Self.fail(error, path: self.path, entry: path) }
    }

    /// Stores `contents` as UTF-8.
    public func addFile(_ path: String, contents: String) throws {
        try addFile(path, contents: Array(contents.utf8))
    }

    /// Streams `sourcePath` in 64 KiB chunks, so large files never sit in memory.
    public func addFile(_ path: String, copying sourcePath: String) throws {
        do {
            let size = try regularFileSize(sourcePath)
            try file.writeHeader(path: path, kind: .file(size: size))
            try file.writeData(copying: sourcePath, expectedSize: size)
        } catch { throw Self.fail(error, path: self.path, entry: path) }
    }

    public func addSymlink(_ path: String, target: String) throws {
        do { try file.writeHeader(path: path, kind: .symlink(target: target)) } catch { throw Self.fail(error, path: self.path, entry: path) }
    }

    public func addHardlink(_ path: String, target: String) throws {
        do { try file.writeHeader(path: path, kind: .hardlink(target: target)) } catch { throw Self.fail(error, path: self.path, entry: path) }
    }

    /// Finishes the central directory. Must be called; deinit closes quietly if it was not.
    public func close() throws {
        do { try file.close() } catch { throw Self.fail(error, path: path, entry: nil) }
    }

    private static func fail(_ error: LibArchiveFailure, path: String, entry: String?) -> ArchiveError {
        .io(archive: path, entry: entry, doing: "write the ZIP", reason: error.reason)
    }
}
