import Foundation
import Synchronization

/// Watches a build directory recursively and reports what changed, as a stream of
/// `WatchEvent`s (ready first). Uses inotify through libinotifytools, falls back to polling
/// when the watch limit is reached, and keeps watching if the directory is recreated.
public final class Watcher: Sendable {
    /// The watched directory, symlinks resolved.
    public let root: URL
    /// Single consumer; finishes after `stop()`.
    public let events: AsyncStream<WatchEvent>
    private let id: UInt64
    private let hub: WatchHub
    private let stopped = StopFlag()

    /// - Parameter isIgnored: called with a path relative to `root` ("content/a.md") and
    ///   whether it is a directory; ignored directories get no watches, ignored files no events.
    /// - Throws: `WatcherError` when `root` is missing or not a directory.
    public init(root: URL, isIgnored: @escaping @Sendable (String, Bool) -> Bool,
                options: WatcherOptions = .init()) throws {
        let resolved = root.standardizedFileURL.resolvingSymlinksInPath()
        var path = resolved.path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        guard let info = FileStat(path: path) else { throw WatcherError.rootMissing(root.path) }
        guard info.isDirectory else { throw WatcherError.rootNotDirectory(root.path) }

        self.root = URL(fileURLWithPath: path, isDirectory: true)
        self.hub = WatchHub.shared
        self.id = hub.makeID()
        let (stream, continuation) = AsyncStream.makeStream(of: WatchEvent.self)
        self.events = stream
        continuation.onTermination = { [hub, id, stopped] _ in
            if stopped.set() { hub.unregister(id, wait: false) }  // the consumer went away
        }
        hub.send(.register(.init(id: id, root: path, isIgnored: isIgnored, options: options,
                                 continuation: continuation)))
    }

    /// Drops every watch and finishes `events`; returns once the watcher thread let go
    /// (well under 200 ms). No events are delivered after it returns. Idempotent.
    public func stop() {
        if stopped.set() { hub.unregister(id, wait: true) }
    }

    deinit {
        if stopped.set() { hub.unregister(id, wait: false) }
    }
}

/// Makes stop, deinit and the stream's termination unregister a session once.
private final class StopFlag: Sendable {
    private let value = Mutex(false)

    /// True for the first caller only.
    func set() -> Bool {
        value.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
    }
}
