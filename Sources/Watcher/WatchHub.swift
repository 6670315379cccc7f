import Dispatch
import Foundation
import Synchronization

/// The one thread that talks to libinotifytools. The library keeps process-global state, so
/// every `Watcher` in the process is a session on this thread; other threads only queue
/// commands and wake it. The thread exits (closing inotify) when the last session stops.
final class WatchHub: Sendable {
    static let shared = WatchHub()

    struct Registration: Sendable {
        let id: UInt64
        let root: String
        let isIgnored: @Sendable (String, Bool) -> Bool
        let options: WatcherOptions
        let continuation: AsyncStream<WatchEvent>.Continuation
    }

    enum Command: Sendable {
        case register(Registration)
        case unregister(UInt64, done: DispatchSemaphore?)
        case suspendReading(Bool, done: DispatchSemaphore)
    }

    private struct State {
        var commands: [Command] = []
        var running = false
        var nextID: UInt64 = 1
    }

    private let state = Mutex(State())
    let wake = WakeSignal()

    func makeID() -> UInt64 {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    func send(_ command: Command) {
        let startThread = state.withLock { state in
            state.commands.append(command)
            if state.running { return false }
            state.running = true
            return true
        }
        if startThread {
            let thread = Thread { [self] in HubLoop(hub: self).run() }
            thread.name = "portald-watcher"
            thread.start()
        } else {
            wake.wake()
        }
    }

    /// Stops a session; with `wait`, returns once the hub dropped its watches (and, if it was
    /// the last one, closed inotify and ended its thread).
    func unregister(_ id: UInt64, wait: Bool) {
        guard wait else {
            send(.unregister(id, done: nil))
            return
        }
        let done = DispatchSemaphore(value: 0)
        send(.unregister(id, done: done))
        _ = done.wait(timeout: .now() + .seconds(2))
    }

    /// Test hook: stop reading inotify so the kernel queue can overflow for real.
    func suspendReading(_ suspended: Bool) {
        let done = DispatchSemaphore(value: 0)
        send(.suspendReading(suspended, done: done))
        _ = done.wait(timeout: .now() + .seconds(2))
    }

    var isRunning: Bool { state.withLock { $0.running } }

    fileprivate func takeCommands() -> [Command] {
        state.withLock { state in
            defer { state.commands.removeAll() }
            return state.commands
        }
    }

    /// Marks the thread as gone unless a command arrived meanwhile.
    fileprivate func finishIfIdle() -> Bool {
        state.withLock { state in
            guard state.commands.isEmpty else { return false }
            state.running = false
            return true
        }
    }
}

/// The hub thread's state; never leaves that thread.
private final class HubLoop: WatchRegistry {
    private let hub: WatchHub
    private var sessions: [UInt64: WatchSession] = [:]
    /// Which sessions use each watch descriptor (two build directories may share a subtree).
    private var owners: [Int32: Set<UInt64>] = [:]
    private var inotifyOpen = false
    private var inotifyDescriptor: Int32?
    private var suspended = false
    /// The reader may hold read-but-undelivered events that poll() cannot see.
    private var mayHaveBuffered = false
    private let reader = InotifyReader()
    private static let eventsPerRound = 4096

    init(hub: WatchHub) { self.hub = hub }

    func run() {
        // Stop acknowledgements wait until the thread is really gone when it goes.
        var done: [DispatchSemaphore] = []
        while true {
            for command in hub.takeCommands() { apply(command, done: &done) }
            if sessions.isEmpty {
                closeInotify()
                if hub.finishIfIdle() {
                    done.forEach { $0.signal() }
                    return
                }
                continue
            }
            done.forEach { $0.signal() }
            done.removeAll()
            waitForWork()
            readEvents()
            let now = ContinuousClock.now
            for session in sessions.values { session.tick(now: now) }
        }
    }

    private func apply(_ command: WatchHub.Command, done: inout [DispatchSemaphore]) {
        switch command {
        case .register(let registration):
            let session = WatchSession(
                id: registration.id, root: registration.root, isIgnored: registration.isIgnored,
                options: registration.options, continuation: registration.continuation, registry: self)
            sessions[registration.id] = session
            session.start()
        case .unregister(let id, let semaphore):
            sessions.removeValue(forKey: id)?.stop()
            if let semaphore { done.append(semaphore) }
        case .suspendReading(let value, let semaphore):
            suspended = value
            if !value { mayHaveBuffered = true }
            done.append(semaphore)
        }
    }

    private func waitForWork() {
        var descriptors = [hub.wake.descriptor]
        var timeout: Duration? = nil
        if inotifyOpen && !suspended {
            if mayHaveBuffered {
                timeout = .zero
            } else if let inotifyDescriptor {
                descriptors.append(inotifyDescriptor)
            }
        }
        let now = ContinuousClock.now
        for case let deadline? in sessions.values.map(\.deadline) {
            let remaining = max(deadline - now, .zero)
            timeout = min(timeout ?? remaining, remaining)
        }
        let milliseconds: Int32 = timeout.map { duration in
            let (seconds, attoseconds) = duration.components
            return Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
        } ?? -1
        let readable = Poller.waitReadable(descriptors, timeoutMilliseconds: milliseconds)
        if readable.contains(hub.wake.descriptor) { hub.wake.drain() }
    }

    private func readEvents() {
        guard inotifyOpen, !suspended else { return }
        var count = 0
        while count < Self.eventsPerRound, let descriptor = inotifyDescriptor, let event = reader.next(from: descriptor) {
            count += 1
            dispatch(event)
        }
        mayHaveBuffered = count == Self.eventsPerRound
        for session in sessions.values { session.flush() }
    }

    private func dispatch(_ event: InotifyEvent) {
        if event.has(InotifyMask.queueOverflow) {
            for session in sessions.values { session.overflowed() }
            return
        }
        guard let ids = owners[event.wd] else { return }
        for id in ids { sessions[id]?.handle(event) }
        if event.has(InotifyMask.ignored) { owners[event.wd] = nil }
    }

    private func closeInotify() {
        guard inotifyOpen else { return }
        // Events still buffered belong to this instance: a later one must never see them.
        reader.reset()
        InotifyTools.cleanup()
        inotifyOpen = false
        inotifyDescriptor = nil
        owners.removeAll()
        mayHaveBuffered = false
    }

    // MARK: WatchRegistry

    func ensureInotify() -> InotifyFailure? {
        if inotifyOpen { return nil }
        do {
            inotifyDescriptor = try InotifyTools.initialize()
            inotifyOpen = true
            return nil
        } catch {
            return error
        }
    }

    func acquireWatch(for session: WatchSession, path: String) throws(InotifyFailure) -> Int32 {
        let wd = try InotifyTools.addWatch(path: path, mask: InotifyMask.directoryWatch,
                                              descriptor: inotifyDescriptor)
        owners[wd, default: []].insert(session.id)
        return wd
    }

    func releaseWatch(for session: WatchSession, wd: Int32, alive: Bool) {
        guard var users = owners[wd] else { return }
        users.remove(session.id)
        if users.isEmpty {
            owners[wd] = nil
            if alive { InotifyTools.removeWatch(wd, descriptor: inotifyDescriptor) }
        } else {
            owners[wd] = users
        }
    }
}
