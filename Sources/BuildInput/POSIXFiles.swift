#if canImport(Glibc)
import Glibc
#endif

/// The one place BuildInput touches Glibc file APIs: unsafe buffers and errno stay here and come
/// out as `POSIXFileError`, which callers turn into user-facing messages naming the file.
enum POSIXFiles {
    enum Kind: Sendable, Equatable {
        case regular, directory, symlink, other(String)
    }

    struct Status: Sendable, Equatable {
        let kind: Kind
        let size: Int64
        let device: UInt64
        let inode: UInt64
        let modificationNanoseconds: Int64
    }

    struct Error: Swift.Error, Equatable {
        let code: Int32
        /// Set when the failure isn't an errno (e.g. "is a FIFO, not a regular file").
        let explanation: String?

        init(code: Int32, explanation: String? = nil) {
            self.code = code
            self.explanation = explanation
        }

        var text: String {
            if let explanation { return explanation }
            return String(cString: strerror(code))
        }
    }

    static func lstatus(_ path: String) throws(Error) -> Status {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw Error(code: errno) }
        return status(info)
    }

    static func status(_ path: String) throws(Error) -> Status {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Error(code: errno) }
        return status(info)
    }

    /// Entry names of a directory (without "." and ".."), unsorted.
    static func directoryEntries(_ path: String) throws(Error) -> [String] {
        guard let dir = opendir(path) else { throw Error(code: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw Error(code: errno) }
                return names
            }
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    /// The canonical absolute path (symlinks resolved), or nil when it doesn't resolve.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Reads a regular file in chunks. Opens without blocking so a FIFO is reported, not waited on.
    @discardableResult
    static func readChunks(
        _ path: String, chunkSize: Int = 1 << 16, _ body: (UnsafeRawBufferPointer) -> Void
    ) throws(Error) -> Status {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Error(code: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Error(code: errno) }
        let opened = status(info)
        guard opened.kind == .regular else {
            if case .other(let what) = opened.kind {
                throw Error(code: EINVAL, explanation: "is \(what), not a regular file")
            }
            throw Error(code: EISDIR)
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw Error(code: errno)
            }
            if count == 0 { return opened }
            body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    static func readAll(_ path: String) throws(Error) -> [UInt8] {
        var bytes: [UInt8] = []
        try readChunks(path) { bytes.append(contentsOf: $0) }
        return bytes
    }

    private static func status(_ info: stat) -> Status {
        let kind: Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        case S_IFIFO: kind = .other("a FIFO")
        case S_IFSOCK: kind = .other("a socket")
        case S_IFCHR, S_IFBLK: kind = .other("a device")
        default: kind = .other("a special file")
        }
        return Status(
            kind: kind,
            size: Int64(info.st_size),
            device: UInt64(info.st_dev),
            inode: UInt64(info.st_ino),
            modificationNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }
}
