import APIMatic
import BuildInput
import Foundation
import Swapper

/// `portald generate [DIR]`: one generation into the preview directory, then exit.
enum GenerateCommand {
    static func run(_ config: GenerateConfig, environment: [String: String]) async -> Int32 {
        let events = ConsoleReporter(json: config.json, verbosity: config.verbosity)
        let progress = JobProgress()
        let work = Task { try await generate(config, environment: environment, events: events, progress: progress) }
        let trap = SignalTrap { _ in work.cancel() }
        defer { trap.cancel() }
        do {
            try await work.value
            return 0
        } catch {
            if trap.received != 0 || error is CancellationError {
                events.note("interrupted; the preview is unchanged")
                return 130
            }
            events.emit(.failed(generation: 1, job: progress.job, error: ErrorPayload(error)))
            return 1
        }
    }

    private static func generate(_ config: GenerateConfig, environment: [String: String], events: any EventSink,
                                 progress: JobProgress) async throws {
        let workspace = try Workspace.open(config, environment: environment)
        let (snapshot, _) = try await offloaded { try workspace.snapshot() }

        let endpoint = try GeneratorEndpoint.start(config.generator, key: config.key, pollCap: config.pollCap,
                                                   timeout: config.timeout, state: workspace.state)
        defer { endpoint.stop() }
        let callbacks = try config.callbackURL.map { try CallbackReceiver(listen: config.callbackListen, publicURL: $0) }
        defer { callbacks?.stop() }
        events.emit(.ready(preview: config.preview.path, url: nil, generator: endpoint.name))

        let steps = GenerationSteps(endpoint: endpoint, preview: workspace.preview, state: workspace.state,
                                    callbacks: callbacks, events: events)
        var ms = StageTimings()
        var lap = Lap()
        // No preview server in one-shot mode: a localhost baseUrl is left as the user wrote it.
        let job = try await steps.packAndSubmit(generation: 1, snapshot: snapshot, buildFileOverride: nil, timings: &ms)
        progress.job = job.id
        let url = try await steps.waitUntilDone(generation: 1, job: job, timings: &ms)
        let staging = try await steps.downloadAndStage(generation: 1, job: job, from: url, keepZip: config.zipCopy, timings: &ms)
        try await steps.swap(in: staging, build: LiveBuild(preview: config.preview.path, hash: snapshot.contentHash,
                                                     generator: endpoint.name, baseURL: nil), timings: &ms)
        ms.total = lap.split()
        events.emit(.live(generation: 1, job: job.id, ms: ms))
    }
}

/// The job id once known, for the `failed` event.
final class JobProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?
    var job: String? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
