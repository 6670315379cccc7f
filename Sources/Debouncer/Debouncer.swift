/// Turns a stream of file-change events into batches: a batch fires once no event arrived
/// for `timing.quiet`, or `timing.maxWait` after its first event at the latest, but never
/// while `isVCSLocked()` says a VCS operation (e.g. `.git/index.lock`) is in progress;
/// then it re-checks every quiet period and fires once the lock is gone.
///
/// One timer task sleeps on the injected clock until the earliest moment the batch could
/// fire; events only move timestamps (no task is cancelled per event), so under a manual
/// clock every decision depends only on the clock's `now`.
public actor Debouncer<C: Clock> where C.Duration == Duration {
    /// Fired batches. Finishes when the debouncer stops.
    public nonisolated let batches: AsyncStream<DebouncedBatch>
    private let output: AsyncStream<DebouncedBatch>.Continuation

    private let clock: C
    private let timing: DebounceTiming
    private let isVCSLocked: @Sendable () -> Bool

    private var pending: Set<String> = []
    private var rescan = false
    private var firstEvent: C.Instant?
    private var lastEvent: C.Instant?
    private var timer: Task<Void, Never>?
    private var stopped = false

    public init(
        clock: C,
        timing: DebounceTiming = .default,
        isVCSLocked: @escaping @Sendable () -> Bool = { false }
    ) {
        self.clock = clock
        self.timing = timing
        self.isVCSLocked = isVCSLocked
        (batches, output) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        // Nobody listening any more (consumer cancelled): stop the timer too.
        output.onTermination = { [weak self] _ in
            Task { await self?.stop() }
        }
    }

    /// Number of distinct paths waiting in the current batch (for status output).
    public var pendingCount: Int { pending.count }

    /// True while a batch is collecting events and has not fired yet.
    public var isWaiting: Bool { firstEvent != nil }

    /// Records changed paths; `rescan` marks the batch as needing a full rescan. An empty
    /// `paths` with `rescan: false` is ignored.
    public func add(_ paths: [String], rescan: Bool = false) {
        guard !stopped, !paths.isEmpty || rescan else { return }
        let now = clock.now
        pending.formUnion(paths)
        self.rescan = self.rescan || rescan
        lastEvent = now
        if firstEvent == nil { firstEvent = now }
        if timer == nil { startTimer(until: now.advanced(by: timing.quiet)) }
    }

    /// Feeds every element of `input` to `add(_:)`. When `input` ends or the calling task
    /// is cancelled, the debouncer stops.
    public func run<S: AsyncSequence & Sendable>(_ input: S) async where S.Element == [String] {
        do {
            for try await paths in input {
                if Task.isCancelled { break }
                add(paths)
            }
        } catch {
            // A failing input ends the stream like a finished one.
        }
        stop()
    }

    /// Stops for good: the timer is cancelled, pending paths are dropped, `batches` finishes.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        timer?.cancel()
        timer = nil
        pending = []
        firstEvent = nil
        lastEvent = nil
        output.finish()
    }

    private func startTimer(until deadline: C.Instant) {
        timer = Task { [clock, weak self] in
            var deadline = deadline
            while true {
                do {
                    try await clock.sleep(until: deadline, tolerance: nil)
                } catch {
                    return // cancelled: stop() owns the cleanup
                }
                guard let self, let next = await self.timerFired() else { return }
                deadline = next
            }
        }
    }

    /// Decides at a timer wake-up: fire the batch (returns nil, the timer ends) or the next
    /// instant to check again.
    private func timerFired() -> C.Instant? {
        guard !stopped, let firstEvent, let lastEvent else {
            timer = nil
            return nil
        }
        let now = clock.now
        if isVCSLocked() {
            return now.advanced(by: timing.quiet)
        }
        let due = min(lastEvent.advanced(by: timing.quiet), firstEvent.advanced(by: timing.maxWait))
        if now < due { return due }
        output.yield(DebouncedBatch(paths: pending.sorted(), rescan: rescan))
        pending = []
        rescan = false
        self.firstEvent = nil
        self.lastEvent = nil
        timer = nil
        return nil
    }
}

extension Debouncer where C == ContinuousClock {
    public init(
        timing: DebounceTiming = .default,
        isVCSLocked: @escaping @Sendable () -> Bool = { false }
    ) {
        self.init(clock: ContinuousClock(), timing: timing, isVCSLocked: isVCSLocked)
    }
}
