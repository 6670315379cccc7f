import Foundation
import Synchronization
import Testing
@testable import Watcher

/// Everything a watcher emitted, so a test can wait (with a generous deadline) for the event
/// it expects and then look at what came before it.
final class EventLog: Sendable {
    private struct State {
        var events: [WatchEvent] = []
        var finished = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    init(_ stream: AsyncStream<WatchEvent>) {
        Task { [self] in
            for await event in stream { append(event) }
            finish()
        }
    }

    var count: Int { state.withLock { $0.events.count } }
    var isFinished: Bool { state.withLock { $0.finished } }
    func events(from start: Int = 0) -> [WatchEvent] {
        state.withLock { Array($0.events[min(start, $0.events.count)...]) }
    }

    /// Every path in `.changed` events from index `start` on.
    func changedPaths(from start: Int = 0) -> Set<String> {
        var paths = Set<String>()
        for case .changed(let list) in events(from: start) { paths.formUnion(list) }
        return paths
    }

    /// Waits until `condition` holds for the events from `start` on; false after `timeout`.
    @discardableResult
    func wait(from start: Int = 0, within timeout: Duration = .seconds(5),
              until condition: @Sendable ([WatchEvent]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        let timer = Task { [self] in
            try? await Task.sleep(until: deadline)
            wakeAll()
        }
        defer { timer.cancel() }
        while true {
            let seenCount = count
            if condition(events(from: start)) { return true }
            if ContinuousClock.now >= deadline || isFinished { return condition(events(from: start)) }
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.finished || state.events.count != seenCount || ContinuousClock.now >= deadline {
                        return true
                    }
                    state.waiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// Waits until every path in `paths` was reported as changed after `start`.
    @discardableResult
    func waitForChanges(_ paths: Set<String>, from start: Int = 0,
                        within timeout: Duration = .seconds(5)) async -> Bool {
        await wait(from: start, within: timeout) { events in
            var seen = Set<String>()
            for case .changed(let list) in events { seen.formUnion(list) }
            return paths.isSubset(of: seen)
        }
    }

    func waitForEndOfStream(within timeout: Duration = .seconds(5)) async -> Bool {
        await wait(within: timeout) { _ in self.isFinished }
    }

    private func append(_ event: WatchEvent) {
        let waiters = state.withLock { state in
            state.events.append(event)
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    private func finish() {
        let waiters = state.withLock { state in
            state.finished = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    private func wakeAll() {
        let waiters = state.withLock { state in
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }
}

/// A private temporary build directory, removed by `remove()`.
struct TempTree {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("portald-watcher-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    func mkdir(_ relative: String) throws {
        try FileManager.default.createDirectory(at: url(relative), withIntermediateDirectories: true)
    }

    /// Plain open-write-close, like most editors' "write in place".
    func write(_ relative: String, _ text: String = "x") throws {
        try Data(text.utf8).write(to: url(relative))
    }

    func move(_ from: String, _ to: String) throws {
        try FileManager.default.moveItem(at: url(from), to: url(to))
    }

    func delete(_ relative: String) throws {
        try FileManager.default.removeItem(at: url(relative))
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}

/// The editor and VCS noise a real ignore predicate (BuildInput.IgnoreRules) drops, plus a
/// project-specific directory, as the lead will plug in.
let testIgnore: @Sendable (String, Bool) -> Bool = { path, isDirectory in
    let name = path.split(separator: "/").last.map(String.init) ?? path
    if isDirectory { return name == ".git" || name == "custom-ignored" }
    return name == "4913" || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx")
        || name.hasSuffix("___jb_tmp___") || name.hasSuffix("___jb_old___")
        || name.hasPrefix(".goutputstream-")
}

func isReady(_ events: [WatchEvent]) -> Bool {
    events.contains { if case .ready = $0 { return true } else { return false } }
}

func readyWatchCount(_ events: [WatchEvent]) -> Int? {
    for case .ready(let watches) in events { return watches }
    return nil
}

func firstRescan(_ events: [WatchEvent]) -> String? {
    for case .rescan(let reason) in events { return reason }
    return nil
}

func firstWarning(_ events: [WatchEvent]) -> String? {
    for case .warning(let text) in events { return text }
    return nil
}
