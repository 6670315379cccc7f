import Synchronization

/// A clock for tests. `.instant`: every sleep returns at once and moves `now` forward by its
/// duration (the schedule is recorded). `.manual`: sleeps wait until `advance(by:)` passes
/// their deadline, or until cancelled.
final class TestClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    enum Mode { case instant, manual }

    private struct Sleeper {
        let id: Int
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleeps: [Duration] = []
        var sleepers: [Sleeper] = []
        var nextID = 0
    }

    let mode: Mode
    private let state = Mutex(State())

    init(_ mode: Mode) { self.mode = mode }

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .nanoseconds(1) }
    /// Every sleep requested so far, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }
    var pendingSleepers: Int { state.withLock { $0.sleepers.count } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        switch mode {
        case .instant:
            state.withLock { state in
                state.sleeps.append(state.now.duration(to: deadline))
                if deadline > state.now { state.now = deadline }
            }
            await Task.yield()
            try Task.checkCancellation()
        case .manual:
            let id = state.withLock { state in
                state.nextID += 1
                return state.nextID
            }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let resumeNow: Bool = state.withLock { state in
                        state.sleeps.append(state.now.duration(to: deadline))
                        if Task.isCancelled || deadline <= state.now { return true }
                        state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                let sleeper = state.withLock { state -> Sleeper? in
                    guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.sleepers.remove(at: index)
                }
                sleeper?.continuation.resume(throwing: CancellationError())
            }
            try Task.checkCancellation()
        }
    }

    /// Moves time forward, waking every sleeper whose deadline has passed.
    func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
