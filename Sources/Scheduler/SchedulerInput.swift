/// Something that happened to a build, fed to `Scheduler.handle(_:)` by the daemon loop.
public enum SchedulerInput: Sendable, Equatable {
    /// A debounced snapshot was taken; `hash` is its content hash.
    case built(hash: String)
    /// The submit for `generation` returned the remote job id `job`.
    case submitted(generation: Int, job: String)
    /// The job finished generating (status poll saw 302, or a completed callback).
    case finished(generation: Int, job: String)
    /// The portal ZIP of `generation` is downloaded and extracted into staging.
    case downloaded(generation: Int)
    /// The staging tree of `generation` was swapped into the preview.
    case applied(generation: Int)
    /// Any step of `generation` failed (submit, generation, download, extraction, swap).
    /// `error` is the user-facing message to show.
    case failed(generation: Int, job: String?, error: String)
    /// A callback arrived for job id `job`; `completed` is false for any status other than
    /// `GenerationCompleted`.
    case callback(job: String, completed: Bool)
}
