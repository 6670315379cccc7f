/// The one place that decides what the watch loop does: a pure state machine (no I/O, no
/// clock). Every submitted build gets a generation number, increasing by one. A newer
/// build supersedes every older one still in flight, and a result is applied only if its
/// generation is newer than what is live, so out-of-order completion can never regress
/// the preview.
public struct Scheduler: Sendable {
    /// Generation currently served by the preview (nil until the first swap this run).
    public private(set) var live: Int?
    /// Content hash of what the preview serves (may be known at start-up without `live`).
    public private(set) var liveHash: String?
    /// The highest generation number handed out so far (0 before the first submit).
    public private(set) var latestGeneration = 0
    /// Generations still being worked on, oldest first: at most one `applying` plus the
    /// newest build.
    public private(set) var inFlight: [GenerationState] = []
    /// The newest failure, until a newer generation goes live or the input reverts to
    /// what is live.
    public private(set) var lastFailure: SchedulerFailure?

    /// - Parameter liveHash: hash of what the preview holds at start-up, if known, so an
    ///   unchanged input is not rebuilt.
    public init(liveHash: String? = nil) {
        self.liveHash = liveHash
    }

    /// The generation a callback for `job` belongs to, if that job is still wanted; the
    /// callback endpoint rejects ids for which this is nil.
    public func generation(ofJob job: String) -> Int? {
        inFlight.first { $0.job == job }?.generation
    }

    public mutating func handle(_ input: SchedulerInput) -> [SchedulerAction] {
        switch input {
        case .built(let hash): built(hash)
        case .submitted(let generation, let job): submitted(generation, job)
        case .finished(let generation, let job): finished(generation, job)
        case .downloaded(let generation): downloaded(generation)
        case .applied(let generation): applied(generation)
        case .failed(let generation, let job, let error): failed(generation, job, error)
        case .callback(let job, let completed): callback(job, completed)
        }
    }

    // MARK: - Inputs

    private mutating func built(_ hash: String) -> [SchedulerAction] {
        let applying = inFlight.contains { $0.phase == .applying }
        if hash == targetHash {
            if hash == liveHash, !applying { lastFailure = nil }
            return [.unchanged]
        }
        // Reverted to what is live while something else was building: drop that work.
        if hash == liveHash, !applying {
            lastFailure = nil
            return abandonAllButApplying() + [.unchanged]
        }
        latestGeneration += 1
        let generation = latestGeneration
        let actions = abandonAllButApplying()
        inFlight.append(GenerationState(generation: generation, hash: hash, job: nil, phase: .submitting))
        return actions + [.submit(generation: generation, hash: hash)]
    }

    private mutating func submitted(_ generation: Int, _ job: String) -> [SchedulerAction] {
        // An abandoned generation's late job id is simply not tracked.
        guard let index = index(of: generation), inFlight[index].phase == .submitting else { return [] }
        inFlight[index].job = job
        inFlight[index].phase = .generating
        return [.track(generation: generation, job: job)]
    }

    private mutating func finished(_ generation: Int, _ job: String) -> [SchedulerAction] {
        guard let index = index(of: generation) else { return untrackedResult(generation) }
        let state = inFlight[index]
        guard state.job == nil || state.job == job else { return [] }
        switch state.phase {
        case .submitting, .generating:
            inFlight[index].job = job
            inFlight[index].phase = .downloading
            return [.download(generation: generation, job: job)]
        case .downloading, .ready, .applying:
            return [] // duplicate (poll and callback both saw it)
        }
    }

    private mutating func downloaded(_ generation: Int) -> [SchedulerAction] {
        guard let index = index(of: generation) else { return untrackedResult(generation) }
        switch inFlight[index].phase {
        case .submitting, .generating, .downloading:
            if let live, generation <= live {
                inFlight.remove(at: index)
                return [.discard(generation: generation)]
            }
            if inFlight.contains(where: { $0.phase == .applying }) {
                inFlight[index].phase = .ready
                return []
            }
            inFlight[index].phase = .applying
            return [.apply(generation: generation)]
        case .ready, .applying:
            return []
        }
    }

    private mutating func applied(_ generation: Int) -> [SchedulerAction] {
        guard let index = index(of: generation), inFlight[index].phase == .applying else { return [] }
        let state = inFlight.remove(at: index)
        live = generation
        liveHash = state.hash
        if let failure = lastFailure, failure.generation < generation { lastFailure = nil }
        return applyReady()
    }

    private mutating func failed(_ generation: Int, _ job: String?, _ error: String) -> [SchedulerAction] {
        // Failures of abandoned or unknown generations change nothing the user sees.
        guard let index = index(of: generation) else { return [] }
        let state = inFlight[index]
        if let job, let known = state.job, job != known { return [] }
        inFlight.remove(at: index)
        lastFailure = SchedulerFailure(generation: generation, job: job ?? state.job, error: error)
        let actions: [SchedulerAction] = [.report(generation: generation, error: error)]
        return state.phase == .applying ? actions + applyReady() : actions
    }

    private mutating func callback(_ job: String, _ completed: Bool) -> [SchedulerAction] {
        guard let state = inFlight.first(where: { $0.job == job }) else { return [] }
        if completed { return finished(state.generation, job) }
        return state.phase == .generating ? [.checkStatus(generation: state.generation, job: job)] : []
    }

    // MARK: - Helpers

    /// The hash the preview will show once everything in flight is done.
    private var targetHash: String? {
        if let newest = inFlight.last, newest.generation == latestGeneration { return newest.hash }
        return inFlight.first { $0.phase == .applying }?.hash ?? liveHash
    }

    private func index(of generation: Int) -> Int? {
        inFlight.firstIndex { $0.generation == generation }
    }

    /// Abandons every in-flight generation except one being swapped in right now.
    private mutating func abandonAllButApplying() -> [SchedulerAction] {
        let superseded = inFlight.filter { $0.phase != .applying }
        inFlight.removeAll { $0.phase != .applying }
        return superseded.map { .abandon(generation: $0.generation, job: $0.job) }
    }

    /// A result for a generation no longer tracked: if it was ever handed out and is not
    /// the live one, it is superseded or failed, so whatever it produced goes away.
    private func untrackedResult(_ generation: Int) -> [SchedulerAction] {
        guard generation >= 1, generation <= latestGeneration, generation != live else { return [] }
        return [.discard(generation: generation)]
    }

    /// Starts the swap of a generation that finished downloading while another swapped.
    private mutating func applyReady() -> [SchedulerAction] {
        guard let index = inFlight.firstIndex(where: { $0.phase == .ready }) else { return [] }
        if let live, inFlight[index].generation <= live {
            let stale = inFlight.remove(at: index)
            return [.discard(generation: stale.generation)]
        }
        inFlight[index].phase = .applying
        return [.apply(generation: inFlight[index].generation)]
    }
}
