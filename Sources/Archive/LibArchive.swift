import CArchive
#if canImport(Glibc)
import Glibc
#endif

// The one place that touches libarchive: handles, unsafe buffers, status codes and errno.
// Everything above this file sees Swift values and `LibArchiveFailure`.

/// A libarchive call failed; callers turn this into an `ArchiveError` with their context.
struct LibArchiveFailure: Error {
    let errno: Int32
    let text: String

    /// True for OS errors (disk full, permission, missing file); false for format problems.
    /// libarchive reports format trouble as EILSEQ (ARCHIVE_ERRNO_FILE_FORMAT), EINVAL or -1.
    var isSystemError: Bool { errno > 0 && errno != EILSEQ && errno != EINVAL }

    /// libarchive's message, plus the errno text when it is an OS error.
    var reason: String {
        guard isSystemError else { return text }
        let osText = String(cString: strerror(errno))
        return text.contains(osText) ? text : "\(text): \(osText)"
    }

    init(errno: Int32, text: String) {
        self.errno = errno
        self.text = text
    }

    init(_ handle: OpaquePointer, status: Int32) {
        let code = archive_errno(handle)
        let message = archive_error_string(handle).map { String(cString: $0) }
        self.init(errno: code, text: message ?? "libarchive status \(status)")
    }
}

/// Entry kinds as stored in an archive header.
enum RawKind: Equatable {
    case file, directory, symlink, hardlink, other
}

/// One header as read from a zip, before any policy.
struct RawEntry {
    /// nil when the stored name is not valid UTF-8.
    let path: String?
    /// The stored name with invalid bytes replaced, for messages.
    let displayPath: String
    let kind: RawKind
    let linkTarget: String?
    /// Declared uncompressed size, if the header has one (not trusted).
    let declaredSize: Int64?
}

// AE_IF* are cast macros Swift cannot import; libarchive documents them equal to S_IF*.
private let fileTypeRegular = UInt32(Glibc.S_IFREG)
private let fileTypeDirectory = UInt32(Glibc.S_IFDIR)
private let fileTypeSymlink = UInt32(Glibc.S_IFLNK)

/// Created once and never freed or changed; uselocale() applies it to one thread at a time.
nonisolated(unsafe) private let utf8Locale: locale_t? = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil)

private let fixedMTime: time_t = 315_532_800  // 1980-01-01T00:00:00Z, the earliest DOS time

/// Writes a zip file entry by entry (deflate, UTF-8 names, no trailing block padding).
final class ZipFileWriter {
    private var handle: OpaquePointer?

    init(path: String) throws(LibArchiveFailure) {
        guard let a = archive_write_new() else { throw LibArchiveFailure(errno: ENOMEM, text: "out of memory") }
        handle = a
        try check(a, archive_write_set_format_zip(a))
        try check(a, archive_write_zip_set_compression_deflate(a))
        try check(a, archive_write_set_options(a, "zip:hdrcharset=UTF-8"))
        try check(a, archive_write_set_bytes_in_last_block(a, 1))
        try check(a, archive_write_open_filename(a, path))
    }

    deinit {
        if let handle { archive_write_free(handle) }  // closes quietly if close() was not called
    }

    enum Kind {
        case file(size: Int64), directory, symlink(target: String), hardlink(target: String)
    }

    func writeHeader(path: String, kind: Kind) throws(LibArchiveFailure) {
        let a = try open()
        guard let entry = archive_entry_new() else { throw LibArchiveFailure(errno: ENOMEM, text: "out of memory") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, path)
        archive_entry_set_mtime(entry, fixedMTime, 0)
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        switch kind {
        case .file(let size):
            archive_entry_set_filetype(entry, fileTypeRegular)
            archive_entry_set_perm(entry, 0o644)
            archive_entry_set_size(entry, size)
        case .directory:
            archive_entry_set_filetype(entry, fileTypeDirectory)
            archive_entry_set_perm(entry, 0o755)
            archive_entry_set_size(entry, 0)
        case .symlink(let target):
            archive_entry_set_filetype(entry, fileTypeSymlink)
            archive_entry_set_perm(entry, 0o777)
            archive_entry_set_symlink_utf8(entry, target)
            archive_entry_set_size(entry, 0)
        case .hardlink(let target):
            archive_entry_set_filetype(entry, fileTypeRegular)
            archive_entry_set_perm(entry, 0o644)
            archive_entry_set_hardlink_utf8(entry, target)
            archive_entry_set_size(entry, 0)
        }
        try check(a, archive_write_header(a, entry))
    }

    func writeData(_ bytes: UnsafeRawBufferPointer) throws(LibArchiveFailure) {
        let a = try open()
        var offset = 0
        while offset < bytes.count {
            let written = archive_write_data(a, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 { throw LibArchiveFailure(a, status: Int32(written)) }
            if written == 0 { throw LibArchiveFailure(errno: EIO, text: "libarchive accepted no data") }
            offset += written
        }
    }

    func writeData(_ bytes: [UInt8]) throws(LibArchiveFailure) {
        let failure = bytes.withUnsafeBytes { raw -> LibArchiveFailure? in
            do throws(LibArchiveFailure) { try writeData(raw) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Copies a file into the current entry in 64 KiB chunks; the size must match the header.
    func writeData(copying sourcePath: String, expectedSize: Int64) throws(LibArchiveFailure) {
        let fd = Glibc.open(sourcePath, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw LibArchiveFailure(errno: errno, text: "cannot open \(sourcePath)") }
        defer { Glibc.close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw LibArchiveFailure(errno: errno, text: "cannot read \(sourcePath)")
            }
            if n == 0 { break }
            total += Int64(n)
            if total > expectedSize {
                throw LibArchiveFailure(errno: EIO, text: "\(sourcePath) grew while it was being zipped")
            }
            try writeData(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        if total != expectedSize {
            throw LibArchiveFailure(errno: EIO, text: "\(sourcePath) shrank while it was being zipped")
        }
    }

    func close() throws(LibArchiveFailure) {
        guard let a = handle else { return }
        handle = nil
        defer { archive_write_free(a) }
        try check(a, archive_write_close(a))
    }

    private func open() throws(LibArchiveFailure) -> OpaquePointer {
        guard let handle else { throw LibArchiveFailure(errno: EINVAL, text: "the ZIP was already closed") }
        return handle
    }
}

/// Size of the regular file at `path` (symlinks followed: the caller chose the source).
func regularFileSize(_ path: String) throws(LibArchiveFailure) -> Int64 {
    var info = stat()
    if stat(path, &info) != 0 { throw LibArchiveFailure(errno: errno, text: "cannot stat \(path)") }
    guard (info.st_mode & Glibc.S_IFMT) == Glibc.S_IFREG else {
        throw LibArchiveFailure(errno: EINVAL, text: "\(path) is not a regular file")
    }
    return Int64(info.st_size)
}

/// Reads a zip entry by entry; data comes in chunks so limits can be checked while streaming.
final class ZipFileReader {
    private let handle: OpaquePointer
    static let chunkSize = 64 * 1024
    /// libarchive's read-ahead unit: the compressed-bytes counter moves in steps of this.
    static let blockSize = 16 * 1024

    init(path: String) throws(LibArchiveFailure) {
        guard let a = archive_read_new() else { throw LibArchiveFailure(errno: ENOMEM, text: "out of memory") }
        handle = a  // from here on, deinit frees it even if init throws
        try check(a, archive_read_support_format_zip(a))
        try check(a, archive_read_open_filename(a, path, ZipFileReader.blockSize))
    }

    deinit { archive_read_free(handle) }

    /// Next header, or nil at the end of the archive.
    func next() throws(LibArchiveFailure) -> RawEntry? {
        // libarchive converts UTF-8 names to the locale's charset; in the default "C" locale
        // that fails for any non-ASCII name, so this thread reads headers in C.UTF-8.
        let previous = utf8Locale.map { uselocale($0) }
        defer { if let previous { _ = uselocale(previous) } }
        return try nextInCurrentLocale()
    }

    private func nextInCurrentLocale() throws(LibArchiveFailure) -> RawEntry? {
        var entryPointer: OpaquePointer?
        let status = archive_read_next_header(handle, &entryPointer)
        if status == ARCHIVE_EOF { return nil }
        if status < ARCHIVE_WARN { throw LibArchiveFailure(handle, status: status) }
        guard let entry = entryPointer else { throw LibArchiveFailure(errno: EILSEQ, text: "missing entry header") }

        let name = archive_entry_pathname_utf8(entry) ?? archive_entry_pathname(entry)
        let path = name.flatMap { String(validatingCString: $0) }
        let display = name.map { String(cString: $0) } ?? "<unnamed>"
        let kind: RawKind
        var target: UnsafePointer<CChar>? = nil
        if let hard = archive_entry_hardlink_utf8(entry) ?? archive_entry_hardlink(entry) {
            kind = .hardlink
            target = hard
        } else {
            switch archive_entry_filetype(entry) {
            case fileTypeRegular: kind = .file
            case fileTypeDirectory: kind = .directory
            case fileTypeSymlink:
                kind = .symlink
                target = archive_entry_symlink_utf8(entry) ?? archive_entry_symlink(entry)
            default: kind = .other
            }
        }
        let size: Int64? = archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil
        return RawEntry(path: path, displayPath: display, kind: kind,
                        linkTarget: target.map { String(cString: $0) }, declaredSize: size)
    }

    /// Next chunk of the current entry's data, or nil at its end.
    func readChunk() throws(LibArchiveFailure) -> [UInt8]? {
        var status = 0
        let chunk = [UInt8](unsafeUninitializedCapacity: ZipFileReader.chunkSize) { buffer, count in
            status = archive_read_data(handle, buffer.baseAddress, buffer.count)
            count = max(status, 0)
        }
        if status < 0 { throw LibArchiveFailure(handle, status: Int32(status)) }
        return status == 0 ? nil : chunk
    }

    /// Raw (compressed) bytes consumed from the file so far.
    var rawBytesConsumed: Int64 { archive_filter_bytes(handle, -1) }
}

/// Writes entries under the current working directory via archive_write_disk with the
/// SECURE_* checks on. Names must be relative: the caller sets the thread's cwd.
final class DiskWriter {
    private var handle: OpaquePointer?

    init() throws(LibArchiveFailure) {
        guard let a = archive_write_disk_new() else { throw LibArchiveFailure(errno: ENOMEM, text: "out of memory") }
        handle = a
        // No owner/permission/time/xattr restore: entries get the modes set below (minus umask).
        let flags = ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS
            | ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS | ARCHIVE_EXTRACT_NO_OVERWRITE
        try check(a, archive_write_disk_set_options(a, flags))
    }

    deinit {
        if let handle { archive_write_free(handle) }
    }

    func writeHeader(relativePath: String, isDirectory: Bool) throws(LibArchiveFailure) {
        guard let a = handle else { throw LibArchiveFailure(errno: EINVAL, text: "closed") }
        guard let entry = archive_entry_new() else { throw LibArchiveFailure(errno: ENOMEM, text: "out of memory") }
        defer { archive_entry_free(entry) }
        archive_entry_copy_pathname(entry, relativePath)  // raw bytes: no locale conversion
        archive_entry_set_filetype(entry, isDirectory ? fileTypeDirectory : fileTypeRegular)
        archive_entry_set_perm(entry, isDirectory ? 0o755 : 0o644)
        if !isDirectory { archive_entry_unset_size(entry) }
        try check(a, archive_write_header(a, entry))
    }

    func writeData(_ bytes: [UInt8]) throws(LibArchiveFailure) {
        guard let a = handle else { throw LibArchiveFailure(errno: EINVAL, text: "closed") }
        let failure = bytes.withUnsafeBytes { raw -> LibArchiveFailure? in
            var offset = 0
            while offset < raw.count {
                let written = archive_write_data(a, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 { return LibArchiveFailure(a, status: Int32(written)) }
                if written == 0 { return LibArchiveFailure(errno: EIO, text: "no data written") }
                offset += written
            }
            return nil
        }
        if let failure { throw failure }
    }

    func finishEntry() throws(LibArchiveFailure) {
        guard let a = handle else { throw LibArchiveFailure(errno: EINVAL, text: "closed") }
        try check(a, archive_write_finish_entry(a))
    }

    func close() throws(LibArchiveFailure) {
        guard let a = handle else { return }
        handle = nil
        defer { archive_write_free(a) }
        try check(a, archive_write_close(a))
    }
}

/// Warnings are fine (libarchive still did the work); anything worse is a failure.
private func check(_ handle: OpaquePointer, _ status: Int32) throws(LibArchiveFailure) {
    if status < ARCHIVE_WARN { throw LibArchiveFailure(handle, status: status) }
}
