/// What a `Watcher` reports about its build directory.
public enum WatchEvent: Sendable, Equatable {
    /// Watches are in place (0 when polling); changes from now on are reported.
    case ready(watches: Int)
    /// Relative paths ("content/guide.md"; directories without a trailing slash) that were
    /// created, written, renamed, deleted or touched. Deduplicated and sorted per batch.
    case changed([String])
    /// The kernel dropped events and the watcher is re-establishing its watches; a `rescan`
    /// (or another event) follows. Until then silence is not quiet: don't build yet.
    case rescanning
    /// Events may have been lost (queue overflow, switch to polling, directory recreated):
    /// treat everything as possibly changed.
    case rescan(reason: String)
    /// Something the user should know and can fix (e.g. the inotify watch limit).
    case warning(String)
}

public struct WatcherOptions: Sendable {
    /// How often the polling fallback (and the wait for a deleted build directory) looks.
    public var pollInterval: Duration
    /// Poll instead of using inotify at all.
    public var forcePolling: Bool
    /// Behave as if the kernel refused watches (ENOSPC) beyond this many.
    public var maxWatchesForTesting: Int?

    public init(pollInterval: Duration = .seconds(1), forcePolling: Bool = false,
                maxWatchesForTesting: Int? = nil) {
        self.pollInterval = pollInterval
        self.forcePolling = forcePolling
        self.maxWatchesForTesting = maxWatchesForTesting
    }
}
