import APIMatic
import Debouncer
import Diagnostics
import Foundation
import Synchronization
import Watcher

/// `portald watch [DIR]`: watch, regenerate on every save, hot-swap, (serve).
/// One task group holds the watcher, the debounced build loop and the signal wait; the
/// first signal ends it, abandons the jobs in flight and removes their staging trees.
enum WatchCommand {
    static func run(_ config: WatchConfig, environment: [String: String]) async -> Int32 {
        let generate = config.generate
        let events = ConsoleReporter(json: generate.json, verbosity: generate.verbosity)
        do {
            return try await watch(config, environment: environment, events: events)
        } catch {
            events.emit(.failed(generation: nil, job: nil, error: ErrorPayload(error)))
            return 1
        }
    }

    private static func watch(_ config: WatchConfig, environment: [String: String], events: any EventSink) async throws -> Int32 {
        let generate = config.generate
        let workspace = try Workspace.open(generate, environment: environment, ignoreFile: config.ignoreFile)
        let endpoint = try GeneratorEndpoint.start(generate.generator, key: generate.key, pollCap: generate.pollCap,
                                                   timeout: generate.timeout, state: workspace.state)
        defer { endpoint.stop() }
        let callbacks = try generate.callbackURL.map { try CallbackReceiver(listen: generate.callbackListen, publicURL: $0) }
        defer { callbacks?.stop() }
        let publisher: (any PreviewPublisher)? = config.serve
            ? try ServedPreview(root: workspace.previewPath, host: config.host, port: config.port,
                                liveReload: config.liveReload, openBrowser: config.open)
            : nil
        defer { publisher?.stop() }

        let recorded = LiveBuild.recorded(in: workspace.state, preview: workspace.previewPath)
        let liveHash = recorded.flatMap { $0.generator == endpoint.name && $0.baseURL == publisher?.url ? $0.hash : nil }
        let steps = GenerationSteps(endpoint: endpoint, preview: workspace.preview, state: workspace.state,
                                    callbacks: callbacks, events: events)
        let daemon = WatchDaemon(workspace: workspace, steps: steps, events: events, publisher: publisher,
                                 generatorName: endpoint.name, liveHash: liveHash)

        let watcher = try Watcher(root: workspace.build.root, isIgnored: { workspace.isIgnored($0, isDirectory: $1) })
        defer { watcher.stop() }
        if let other = DaemonRecord.running(in: workspace.state), other.pid != getpid() {
            throw PortaldError(kind: "already-running",
                               message: "Another portald (pid \(other.pid)) is already watching \(other.project) with this state directory. Stop it with 'portald stop \(other.project)', or use another --state-dir.")
        }
        try DaemonRecord(pid: getpid(), project: generate.projectDirectory.path, preview: workspace.previewPath.path,
                         url: publisher?.url, started: EventLine.rfc3339(Date())).write(in: workspace.state)
        defer { DaemonRecord.remove(in: workspace.state) }
        let lockFiles = [workspace.build.root, generate.projectDirectory].map { $0.appendingPathComponent(".git/index.lock").path }
        // While the watcher re-establishes its watches after an overflow, it reports nothing:
        // that silence must not count as the quiet period, so it holds builds like a VCS lock.
        let watcherRescanning = WatcherRescanning()
        let debouncer = Debouncer(clock: ContinuousClock(), timing: DebounceTiming(quiet: config.debounce, maxWait: config.maxWait),
                                  isVCSLocked: {
                                      watcherRescanning.value.load(ordering: .relaxed)
                                          || lockFiles.contains { FileManager.default.fileExists(atPath: $0) }
                                  })

        let signals = AsyncStream<Int32> { continuation in
            let seen = Atomic(false)
            let trap = SignalTrap { number in
                // A second Ctrl-C means "now": staging left behind is removed at the next start.
                if seen.exchange(true, ordering: .relaxed) { exit(number == SIGINT ? 130 : 0) }
                continuation.yield(number)
                // The clean stop takes milliseconds; never let a stuck stage hold the user past 2 s.
                Thread.detachNewThread {
                    Thread.sleep(forTimeInterval: 2)
                    FileHandle.standardError.write(Data("portald: stopping took over 2 s; exiting now\n".utf8))
                    exit(number == SIGINT ? 130 : 0)
                }
            }
            continuation.onTermination = { _ in trap.cancel() }
        }
        let signal: Int32 = await withTaskGroup(of: Int32?.self) { group in
            group.addTask {
                for await event in watcher.events {
                    watcherRescanning.value.store(event == .rescanning, ordering: .relaxed)
                    switch event {
                    case .rescanning:
                        break
                    case .ready:
                        events.emit(.ready(preview: workspace.previewPath.path, url: publisher?.url, generator: endpoint.name))
                        await daemon.build()  // start-up generation (unchanged if the preview already holds it)
                    case .changed(let paths):
                        await debouncer.add(paths)
                    case .rescan:
                        await debouncer.add([], rescan: true)
                    case .warning(let text):
                        events.note(text)
                    }
                }
                return nil
            }
            group.addTask {
                for await batch in debouncer.batches {
                    events.emit(.change(paths: batch.paths))
                    await daemon.build()
                }
                return nil
            }
            group.addTask {
                for await number in signals { return number }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            await debouncer.stop()
            watcher.stop()
            return first ?? SIGTERM
        }
        await daemon.abandonAll()
        events.note("stopped; the preview at \(workspace.previewPath.path) is complete")
        return signal == SIGINT ? 130 : 0
    }
}

/// Set while the watcher re-establishes its watches (between `rescanning` and what follows).
private final class WatcherRescanning: Sendable {
    let value = Atomic(false)
}
