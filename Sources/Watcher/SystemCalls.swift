import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What the watcher needs from lstat(2): enough to tell a file changed without reading it.
struct FileStat: Sendable, Equatable {
    var isDirectory: Bool
    var size: Int64
    var inode: UInt64
    var modifiedNanoseconds: Int64
    var changedNanoseconds: Int64

    /// lstat (never follows symlinks: a symlinked directory is reported, not descended into).
    init?(path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
        size = Int64(info.st_size)
        inode = UInt64(info.st_ino)
        modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changedNanoseconds = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
    }
}

/// A self-pipe the hub thread polls next to inotify, so other threads can wake it at once.
/// (eventfd is not visible through the Glibc module.)
final class WakeSignal: Sendable {
    /// The end the hub polls.
    let descriptor: Int32
    private let writeEnd: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        let result = ends.withUnsafeMutableBufferPointer { pipe($0.baseAddress) }
        precondition(result == 0, "pipe failed: \(String(cString: strerror(errno)))")
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        descriptor = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(descriptor)
        close(writeEnd)
    }

    func wake() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)  // a full pipe already means "wake up"
    }

    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
    }
}

enum Poller {
    /// Waits until one of `descriptors` is readable or `timeoutMilliseconds` passes
    /// (-1: no timeout). Returns the readable descriptors; EINTR counts as a timeout.
    static func waitReadable(_ descriptors: [Int32], timeoutMilliseconds: Int32) -> Set<Int32> {
        var fds = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let result = fds.withUnsafeMutableBufferPointer {
            poll($0.baseAddress, nfds_t($0.count), timeoutMilliseconds)
        }
        guard result > 0 else { return [] }
        return Set(fds.filter { $0.revents != 0 }.map(\.fd))
    }
}
