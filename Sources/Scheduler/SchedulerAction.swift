/// What the daemon loop must do next, returned by `Scheduler.handle(_:)` in order.
public enum SchedulerAction: Sendable, Equatable {
    /// The snapshot's hash is what the preview holds or is about to hold: nothing to submit.
    /// If a failure is being shown and the preview already matches the input (the author
    /// reverted the breaking change), `Scheduler.lastFailure` is cleared: clear the overlay.
    case unchanged
    /// Pack and submit this snapshot now, even while an older job runs.
    case submit(generation: Int, hash: String)
    /// The submit returned `job`: poll its status (or wait for its callback, keeping a slow
    /// fallback poll) until it reports `finished` or `failed`.
    case track(generation: Int, job: String)
    /// A callback said the job did not complete: poll its status now to learn why, then
    /// report `finished` or `failed`.
    case checkStatus(generation: Int, job: String)
    /// Superseded by a newer build: cancel its submit, polling and download, delete any
    /// staged output, ignore its callback. `job` is nil if the submit has not returned yet.
    /// Emitted once per generation.
    case abandon(generation: Int, job: String?)
    /// The job is done: download and extract its portal into staging, then report
    /// `downloaded` (or `failed`).
    case download(generation: Int, job: String)
    /// Swap this generation's staging tree into the preview, then report `applied` (or
    /// `failed`). Always newer than what is live; never two at once.
    case apply(generation: Int)
    /// A result arrived for a generation that will never be applied (superseded, failed or
    /// older than live): delete whatever it produced.
    case discard(generation: Int)
    /// The generation failed: show `error`, keep serving the last good preview.
    case report(generation: Int, error: String)
}
