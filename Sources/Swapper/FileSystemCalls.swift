#if canImport(Glibc)
import Glibc
#endif
import CSupport

/// The one place Swapper makes raw system calls: errno becomes `SystemCallError`.
enum FileSystemCalls {
    struct SystemCallError: Error, Equatable {
        let code: Int32
        var text: String { String(cString: strerror(code)) }

        /// The filesystem (or kernel) can't exchange two paths atomically.
        var meansExchangeUnsupported: Bool { code == EINVAL || code == ENOSYS || code == EOPNOTSUPP }
    }

    enum Kind: Equatable {
        case missing, directory, symlink, other
    }

    static func kind(_ path: String) throws(SystemCallError) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return .missing }
            throw SystemCallError(code: errno)
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    /// Atomically swaps two paths (both must exist): renameat2(RENAME_EXCHANGE).
    static func exchange(_ first: String, _ second: String) throws(SystemCallError) {
        guard portald_renameat2(AT_FDCWD, first, AT_FDCWD, second, portald_RENAME_EXCHANGE) == 0 else {
            throw SystemCallError(code: errno)
        }
    }

    /// rename(2): atomically replaces `to` when it is a file, symlink or empty directory.
    static func rename(_ from: String, to: String) throws(SystemCallError) {
        guard Glibc.rename(from, to) == 0 else { throw SystemCallError(code: errno) }
    }

    static func symlink(at path: String, pointingTo target: String) throws(SystemCallError) {
        guard Glibc.symlink(target, path) == 0 else { throw SystemCallError(code: errno) }
    }

    static func readLink(_ path: String) throws(SystemCallError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { throw SystemCallError(code: errno) }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// mkdir(2) with an exact mode (umask cleared by a following chmod).
    static func makeDirectory(_ path: String, mode: mode_t) throws(SystemCallError) {
        guard mkdir(path, mode) == 0 else { throw SystemCallError(code: errno) }
        guard chmod(path, mode) == 0 else { throw SystemCallError(code: errno) }
    }

    /// mkdir -p with the default mode; existing directories are fine.
    static func makeDirectories(_ path: String) throws(SystemCallError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST { throw SystemCallError(code: errno) }
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw SystemCallError(code: errno) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw SystemCallError(code: ENOTDIR) }
    }

    static func directoryEntries(_ path: String) throws(SystemCallError) -> [String] {
        guard let dir = opendir(path) else { throw SystemCallError(code: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw SystemCallError(code: errno) }
                return names
            }
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }
}
