import APIMatic
import BuildInput
import Foundation
import Swapper

/// `portald generate [DIR]`: one generation into the preview directory, then exit.
enum GenerateCommand {
    static func run(_ config: GenerateConfig, environment: [String: String]) async -> Int32 {
        let events = ConsoleReporter(json: config.json, verbosity: config.verbosity)
        let work = Task { try await generate(config, environment: environment, events: events) }
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
            events.emit(.failed(generation: 1, job: nil, error: ErrorPayload(error)))
            return 1
        }
    }

    private static func generate(_ config: GenerateConfig, environment: [String: String], events: any EventSink) async throws {
        let build = try BuildDirectory.locate(config.projectDirectory)
        let buildFile = try BuildFile.load(from: build.buildFile)
        let state = config.stateDirectory.map(StateDirectory.init(root:))
            ?? StateDirectory.default(for: config.projectDirectory, environment: environment)
        try state.prepare()
        let preview = PreviewDirectory(path: config.preview)
        try preview.removeStaleStaging()
        let ignore = try ignoreRules(for: build)
        let snapshot = try Snapshot.scan(build, ignore: ignore, excluding: [config.preview, state.root])

        let endpoint = try GeneratorEndpoint.start(config.generator, key: config.key, pollCap: config.pollCap,
                                                   timeout: config.timeout, state: state)
        defer { endpoint.stop() }
        let callbacks = try config.callbackURL.map { try CallbackReceiver(listen: config.callbackListen, publicURL: $0) }
        defer { callbacks?.stop() }
        events.emit(.ready(preview: config.preview.path, url: nil, generator: endpoint.name))

        let pipeline = GenerationPipeline(endpoint: endpoint, preview: preview, state: state, callbacks: callbacks,
                                          events: events, zipCopy: config.zipCopy)
        // No preview server in one-shot mode: a localhost baseUrl is left as the user wrote it.
        _ = try await pipeline.run(generation: 1, snapshot: snapshot, buildFileOverride: nil)
        _ = buildFile
    }

    /// Built-in editor/VCS patterns plus `<build>/.portaldignore` when present.
    static func ignoreRules(for build: BuildDirectory) throws -> IgnoreRules {
        let file = build.root.appendingPathComponent(IgnoreRules.defaultFileName)
        return FileManager.default.fileExists(atPath: file.path) ? try IgnoreRules.load(from: file) : IgnoreRules()
    }
}
