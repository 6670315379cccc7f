import CSupport
import Glibc

// The file-system calls of the preview server: the only file in Preview with descriptors
// and errno. Every request resolves against a directory descriptor of the preview root
// taken once, so one answer comes from one tree even while the daemon swaps trees.

/// What identifies one version of a file's content without reading it.
struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int
}

struct FileStatus {
    enum Kind { case regular, directory, other }
    let kind: Kind
    let identity: FileIdentity
    var size: Int64 { identity.size }
    var modifiedSeconds: Int { identity.modifiedSeconds }
}

/// An owned descriptor, closed on deinit unless handed on with `release`.
final class Descriptor {
    private(set) var fd: Int32

    init(_ fd: Int32) { self.fd = fd }

    deinit { if fd >= 0 { close(fd) } }

    /// Gives up ownership (to the HTTP server, which closes it after sending).
    func release() -> Int32 {
        defer { fd = -1 }
        return fd
    }

    func status() -> FileStatus? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let kind: FileStatus.Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        default: kind = .other
        }
        return FileStatus(kind: kind, identity: FileIdentity(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modifiedSeconds: info.st_mtim.tv_sec, modifiedNanoseconds: info.st_mtim.tv_nsec))
    }

    /// Calls `body` with successive chunks of the file from offset 0; false on a read error.
    func forEachChunk(_ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        let chunkSize = 256 << 10
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var offset: off_t = 0
        while true {
            let count = pread(fd, buffer.baseAddress, chunkSize, offset)
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            if count == 0 { return true }
            body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            offset += off_t(count)
        }
    }

    /// The whole file (read from this descriptor, not the path), or nil on a read error.
    func readAll() -> [UInt8]? {
        var bytes: [UInt8] = []
        let complete = forEachChunk { bytes.append(contentsOf: $0) }
        return complete ? bytes : nil
    }
}

enum TreeFiles {
    enum Lookup {
        case regular(Descriptor, FileStatus)
        case directory
        /// Missing, not a regular file or directory, or refused (a symlink, a path escaping).
        case notFound
    }

    /// The preview root as it is right now. The path itself may be a symlink (the swapper's
    /// fallback mode): it is followed, and everything below is resolved beneath its target.
    static func openRoot(_ path: String) -> Descriptor? {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        return fd >= 0 ? Descriptor(fd) : nil
    }

    /// The root's (device, inode), to tell whether the preview was swapped since it was opened.
    static func rootIdentity(_ path: String) -> FileIdentity? {
        openRoot(path)?.status()?.identity
    }

    /// Opens `relative` ("a/b/c.html", no "." or ".." or empty parts) beneath `root`,
    /// following no symlink at any level.
    static func lookup(_ relative: String, in root: Descriptor) -> Lookup {
        // O_NONBLOCK: a FIFO placed in the tree must not hang the worker thread.
        let fd = portald_open_beneath(root.fd, relative, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { return .notFound }
        let descriptor = Descriptor(fd)
        guard let status = descriptor.status() else { return .notFound }
        switch status.kind {
        case .regular: return .regular(descriptor, status)
        case .directory: return .directory
        case .other: return .notFound
        }
    }

    /// A file the daemon named by absolute path (the build report): opened once, regular only.
    static func openTrusted(_ path: String) -> (Descriptor, FileStatus)? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        let descriptor = Descriptor(fd)
        guard let status = descriptor.status(), status.kind == .regular else { return nil }
        return (descriptor, status)
    }
}
