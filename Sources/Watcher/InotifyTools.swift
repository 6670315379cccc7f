import CInotifyTools
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A failure reported by libinotifytools, carrying the errno it recorded.
enum InotifyFailure: Error, Equatable {
    /// ENOSPC: the per-user watch limit (fs.inotify.max_user_watches) is exhausted.
    case watchLimit
    /// EMFILE: the per-user instance limit (fs.inotify.max_user_instances) is exhausted.
    case instanceLimit
    /// ENOENT/ENOTDIR: the directory vanished (or was replaced) before it could be watched.
    case vanished
    case other(errno: Int32, text: String)

    init(errno code: Int32) {
        switch code {
        case ENOSPC: self = .watchLimit
        case EMFILE: self = .instanceLimit
        case ENOENT, ENOTDIR: self = .vanished
        default: self = .other(errno: code, text: String(cString: strerror(code)))
        }
    }
}

/// One inotify event, copied out of the read buffer.
struct InotifyEvent: Sendable, Equatable {
    var wd: Int32
    var mask: UInt32
    var name: String

    func has(_ bits: UInt32) -> Bool { mask & bits != 0 }
}

/// Event bits, as UInt32 (the C macros import as Int32, and IN_ONESHOT does not fit).
enum InotifyMask {
    static let modify = UInt32(IN_MODIFY)
    static let attrib = UInt32(IN_ATTRIB)
    static let closeWrite = UInt32(IN_CLOSE_WRITE)
    static let movedFrom = UInt32(IN_MOVED_FROM)
    static let movedTo = UInt32(IN_MOVED_TO)
    static let create = UInt32(IN_CREATE)
    static let delete = UInt32(IN_DELETE)
    static let deleteSelf = UInt32(IN_DELETE_SELF)
    static let moveSelf = UInt32(IN_MOVE_SELF)
    static let queueOverflow = UInt32(IN_Q_OVERFLOW)
    static let ignored = UInt32(IN_IGNORED)
    static let isDirectory = UInt32(IN_ISDIR)
    static let onlyDirectory = UInt32(IN_ONLYDIR)
    static let dontFollow = UInt32(IN_DONT_FOLLOW)

    /// What a directory watch asks for: every way a file's content or name can change.
    /// MODIFY is kept for writers that never close; the debouncer coalesces the noise.
    static let directoryWatch = create | closeWrite | modify | attrib | movedFrom | movedTo
        | delete | deleteSelf | moveSelf | onlyDirectory | dontFollow
}

/// The thin wrapper around libinotifytools. The library keeps process-global state
/// (one inotify instance, static read buffer, watch trees), so every function here must be
/// called from the single hub thread only.
enum InotifyTools {
    /// Opens the library's inotify instance; returns its file descriptor when it can be
    /// identified (the library does not expose it), so the hub can poll() it next to its
    /// wake-up descriptor.
    static func initialize() throws(InotifyFailure) -> Int32 {
        let before = inotifyDescriptors()
        guard inotifytools_initialize() != 0 else {
            throw InotifyFailure(errno: Int32(inotifytools_error()))
        }
        let opened = inotifyDescriptors().subtracting(before)
        guard opened.count == 1, let descriptor = opened.first else {
            // Without the descriptor events cannot be read safely (see InotifyReader).
            inotifytools_cleanup()
            throw .other(errno: EBADF, text: "cannot identify the inotify descriptor in /proc/self/fd")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        return descriptor
    }

    static func cleanup() {
        inotifytools_cleanup()
    }

    /// Watches one directory; returns the watch descriptor (the same one again when the
    /// inode is already watched). `descriptor` is the library's inotify fd when known.
    static func addWatch(path: String, mask: UInt32, descriptor: Int32?) throws(InotifyFailure) -> Int32 {
        guard inotifytools_watch_file(path, Int32(bitPattern: mask)) != 0 else {
            throw InotifyFailure(errno: Int32(inotifytools_error()))
        }
        // watch_file does not return the descriptor, and the library's filename index keeps
        // entries of watches the kernel already dropped (it has no call to clear them), so a
        // recreated directory's name can resolve to a dead descriptor. Adding the same watch
        // again on the library's own fd is idempotent and returns the live descriptor.
        if let descriptor {
            let wd = inotify_add_watch(descriptor, path, mask)
            guard wd > 0 else { throw InotifyFailure(errno: errno) }
            return wd
        }
        let wd = inotifytools_wd_from_filename(path.hasSuffix("/") ? path : path + "/")
        guard wd > 0 else { throw .vanished }
        return wd
    }

    /// Removes a watch that is still alive. Never call it for a watch the kernel already
    /// dropped (IN_IGNORED seen): the library then prints an error to stderr.
    static func removeWatch(_ wd: Int32, descriptor: Int32?) {
        if inotifytools_filename_from_wd(wd) != nil {
            _ = inotifytools_remove_watch_by_wd(wd)
        } else if let descriptor {
            // Only known to the kernel (the directory was replaced between the two adds).
            _ = inotify_rm_watch(descriptor, wd)
        }
    }

    static var maxUserWatches: Int {
        Int(inotifytools_get_max_user_watches())
    }

    /// The inotify descriptors open in this process, from /proc/self/fd.
    private static func inotifyDescriptors() -> Set<Int32> {
        let fdDirectory = "/proc/self/fd"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: fdDirectory) else {
            return []
        }
        var found = Set<Int32>()
        for name in names {
            guard let fd = Int32(name),
                  let target = try? FileManager.default.destinationOfSymbolicLink(atPath: fdDirectory + "/" + name),
                  target == "anon_inode:inotify" else { continue }
            found.insert(fd)
        }
        return found
    }
}

/// Reads events from the inotify descriptor itself. libinotifytools' own reader select()s
/// on the descriptor, and FD_SET aborts the process (glibc's fortify check) once the
/// descriptor number reaches FD_SETSIZE (1024), which a busy process can reach. The library
/// still owns the instance and the watches; only the reading is done here, with poll/read.
final class InotifyReader {
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var start = 0
    private var end = 0

    /// The next queued event, or nil at once when none is queued (never blocks).
    func next(from descriptor: Int32) -> InotifyEvent? {
        if start >= end {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }  // EAGAIN: nothing queued
            start = 0
            end = count
        }
        let header = MemoryLayout<inotify_event>.size
        return buffer.withUnsafeBytes { raw -> InotifyEvent? in
            guard end - start >= header else { start = end; return nil }
            let event = raw.loadUnaligned(fromByteOffset: start, as: inotify_event.self)
            let nameStart = start + header
            let nameEnd = min(nameStart + Int(event.len), end)
            // The name is NUL-padded to `len` bytes.
            let nameBytes = raw[nameStart..<nameEnd].prefix { $0 != 0 }
            start = nameEnd
            return InotifyEvent(wd: event.wd, mask: event.mask, name: String(decoding: nameBytes, as: UTF8.self))
        }
    }

    func reset() {
        start = 0
        end = 0
    }
}
