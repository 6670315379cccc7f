import APIMatic
import BuildInput
import Foundation
import Scheduler

/// The daemon's one decision-maker: feeds builds and stage results into the pure
/// `Scheduler` and carries out the actions it returns. Every stage of a generation runs in
/// its own task, so a newer build is submitted at once and a superseded one is cancelled
/// wherever it is; results are applied only in the order the scheduler allows.
actor WatchDaemon {
    private struct Run {
        let hash: String
        let started: ContinuousClock.Instant
        var task: Task<Void, Never>?
        var job: Job?
        var downloadURL: URL?
        var staging: URL?
        var timings = StageTimings()
    }

    private let workspace: Workspace
    private let steps: GenerationSteps
    private let events: any EventSink
    private let publisher: (any PreviewPublisher)?
    private let generatorName: String
    private var scheduler: Scheduler
    /// Snapshots taken but not yet submitted, by content hash.
    private var pending: [String: (Snapshot, [UInt8]?)] = [:]
    private var runs: [Int: Run] = [:]
    private var errors: [Int: ErrorPayload] = [:]
    private var showingError = false
    private var lastError: ErrorPayload?
    private var lastTimings: StageTimings?
    private let hashCache = HashCache()

    init(workspace: Workspace, steps: GenerationSteps, events: any EventSink, publisher: (any PreviewPublisher)?,
         generatorName: String, liveHash: String?) {
        self.workspace = workspace
        self.steps = steps
        self.events = events
        self.publisher = publisher
        self.generatorName = generatorName
        scheduler = Scheduler(liveHash: liveHash)
    }

    /// A debounced batch (or start-up): snapshot the input and let the scheduler decide.
    func build() async {
        let snapshot: Snapshot
        let buildFile: BuildFile
        let (workspace, cache) = (self.workspace, hashCache)
        do {
            (snapshot, buildFile) = try await offloaded { try workspace.snapshot(cache: cache) }
        } catch {
            // Nothing was submitted; the next save retries. The live preview stays.
            report(ErrorPayload(error), generation: nil, job: nil)
            return
        }
        let override = publisher.flatMap { buildFile.rewritingLocalhostBaseURL(to: $0.url) }
        pending[snapshot.contentHash] = (snapshot, override)
        handle(.built(hash: snapshot.contentHash))
    }

    /// Cancels every generation in flight and removes their staging trees (shutdown).
    func abandonAll() {
        for (generation, run) in runs {
            run.task?.cancel()
            if let staging = run.staging { steps.discard(staging) }
            runs[generation] = nil
        }
    }

    /// What `/__portald/status` and `portald status` show.
    func status() -> DaemonStatus {
        DaemonStatus(live: scheduler.live, latest: scheduler.latestGeneration,
                     inFlight: scheduler.inFlight.map { .init(generation: $0.generation, job: $0.job, phase: $0.phase.rawValue) },
                     lastError: showingError ? lastError : nil, lastTimings: lastTimings, generator: generatorName)
    }

    // MARK: scheduler loop

    private func handle(_ input: SchedulerInput) {
        for action in scheduler.handle(input) { perform(action) }
        if case .built = input { pending.removeAll() }
        publisher?.update(status())
    }

    private func perform(_ action: SchedulerAction) {
        switch action {
        case .unchanged:
            events.emit(.unchanged)
            if showingError && scheduler.lastFailure == nil {
                showingError = false
                publisher?.cleared()
            }
        case .submit(let generation, let hash):
            guard let (snapshot, override) = pending[hash] else { return }
            runs[generation] = Run(hash: hash, started: ContinuousClock.now)
            publisher?.building(generation: generation)
            start(generation) { steps, timings in
                let job = try await steps.packAndSubmit(generation: generation, snapshot: snapshot,
                                                        buildFileOverride: override, timings: &timings)
                return { daemon in await daemon.submitted(generation, job) }
            }
        case .track(let generation, let job), .checkStatus(let generation, let job):
            guard let submitted = runs[generation]?.job, submitted.id == job else { return }
            start(generation) { steps, timings in
                let url = try await steps.waitUntilDone(generation: generation, job: submitted, timings: &timings)
                return { daemon in await daemon.finished(generation, url) }
            }
        case .download(let generation, _):
            guard let run = runs[generation], let job = run.job, let url = run.downloadURL else { return }
            start(generation) { steps, timings in
                let staging = try await steps.downloadAndStage(generation: generation, job: job, from: url,
                                                               keepZip: nil, timings: &timings)
                return { daemon in await daemon.downloaded(generation, staging) }
            }
        case .apply(let generation):
            // Swapping removes the old tree, which takes a while for big portals: off the actor.
            Task { await apply(generation) }
        case .abandon(let generation, let job):
            events.emit(.superseded(generation: generation, job: job))
            drop(generation)
        case .discard(let generation):
            drop(generation)
        case .report(let generation, _):
            let error = errors[generation] ?? ErrorPayload(PortaldErrorFactory.unknown)
            report(error, generation: generation, job: runs[generation]?.job?.id)
            drop(generation)
        }
    }

    /// Runs one stage of a generation in its own task; its result goes back through the
    /// scheduler. A cancelled (superseded) stage reports nothing.
    private func start(_ generation: Int,
                       _ stage: @escaping @Sendable (GenerationSteps, inout StageTimings) async throws -> @Sendable (WatchDaemon) async -> Void) {
        let steps = self.steps
        var timings = runs[generation]?.timings ?? StageTimings()
        let task = Task { [weak self] in
            do {
                let next = try await stage(steps, &timings)
                guard let self, !Task.isCancelled else { return }
                await self.store(generation, timings)
                await next(self)
            } catch {
                guard let self, !Task.isCancelled, !(error is CancellationError) else { return }
                await self.stageFailed(generation, error)
            }
        }
        runs[generation]?.task = task
    }

    private func store(_ generation: Int, _ timings: StageTimings) { runs[generation]?.timings = timings }

    private func submitted(_ generation: Int, _ job: Job) {
        runs[generation]?.job = job
        handle(.submitted(generation: generation, job: job.id))
    }

    private func finished(_ generation: Int, _ url: URL) {
        guard let job = runs[generation]?.job else { return }
        runs[generation]?.downloadURL = url
        handle(.finished(generation: generation, job: job.id))
    }

    private func downloaded(_ generation: Int, _ staging: URL) {
        guard runs[generation] != nil else {
            steps.discard(staging)  // superseded while extracting
            return
        }
        runs[generation]?.staging = staging
        handle(.downloaded(generation: generation))
    }

    private func stageFailed(_ generation: Int, _ error: any Error) {
        errors[generation] = ErrorPayload(error)
        handle(.failed(generation: generation, job: runs[generation]?.job?.id, error: ErrorPayload(error).message))
    }

    private func apply(_ generation: Int) async {
        guard var run = runs[generation], let staging = run.staging, let job = run.job else { return }
        let live = LiveBuild(preview: workspace.previewPath.path, hash: run.hash, generator: generatorName, baseURL: publisher?.url)
        do {
            try await steps.swap(in: staging, build: live, timings: &run.timings)
        } catch {
            runs[generation]?.staging = nil
            stageFailed(generation, error)
            return
        }
        run.timings.total = Lap.milliseconds(ContinuousClock.now - run.started)
        events.emit(.live(generation: generation, job: job.id, ms: run.timings))
        lastTimings = run.timings
        runs[generation] = nil
        showingError = false
        publisher?.reloaded(generation: generation)
        handle(.applied(generation: generation))
    }

    private func drop(_ generation: Int) {
        guard let run = runs.removeValue(forKey: generation) else { return }
        run.task?.cancel()
        if let staging = run.staging { steps.discard(staging) }
    }

    private func report(_ error: ErrorPayload, generation: Int?, job: String?) {
        events.emit(.failed(generation: generation, job: job, error: error))
        showingError = true
        lastError = error
        publisher?.update(status())
        publisher?.failed(error)
    }
}

/// The daemon's state for `/__portald/status` and `portald status`.
struct DaemonStatus: Codable, Sendable {
    struct InFlight: Codable, Sendable { var generation: Int; var job: String?; var phase: String }
    var live: Int?
    var latest: Int
    var inFlight: [InFlight]
    var lastError: ErrorPayload?
    var lastTimings: StageTimings?
    var generator: String
}
