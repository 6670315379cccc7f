/// One debounced set of changes: what the pipeline snapshots next.
public struct DebouncedBatch: Sendable, Equatable {
    /// Changed paths as the watcher reported them, each once, sorted.
    public var paths: [String]
    /// True if some event in the batch asked for a full rescan (watcher overflow, new
    /// directory), so `paths` may be incomplete.
    public var rescan: Bool

    public init(paths: [String], rescan: Bool = false) {
        self.paths = paths
        self.rescan = rescan
    }
}

/// The timing of a `Debouncer`.
public struct DebounceTiming: Sendable, Equatable {
    /// Quiet period: a batch fires once no event arrived for this long.
    public var quiet: Duration
    /// Failsafe: a batch fires this long after its first event even if events keep coming.
    public var maxWait: Duration

    public static let `default` = DebounceTiming(quiet: .milliseconds(100), maxWait: .seconds(2))

    public init(quiet: Duration, maxWait: Duration) {
        precondition(quiet > .zero, "quiet period must be positive")
        precondition(maxWait >= quiet, "max-wait must not be shorter than the quiet period")
        self.quiet = quiet
        self.maxWait = maxWait
    }
}
