/// One generation the scheduler still waits on (exposed for status JSON).
public struct GenerationState: Sendable, Equatable {
    public enum Phase: String, Sendable, Equatable {
        /// `submit` issued, no job id yet.
        case submitting
        /// Job id known; the service is generating.
        case generating
        /// `download` issued.
        case downloading
        /// Downloaded and extracted; waits for an earlier generation's swap to finish.
        case ready
        /// `apply` issued; the swap is in progress. Never abandoned: it is about to be live.
        case applying
    }

    public let generation: Int
    public let hash: String
    public internal(set) var job: String?
    public internal(set) var phase: Phase
}

/// The newest failure, shown until a newer generation goes live.
public struct SchedulerFailure: Sendable, Equatable {
    public let generation: Int
    public let job: String?
    public let error: String
}
