import Foundation
import Synchronization

/// One callback request from the service: `{"id", "status", "link"}`.
struct CallbackEvent: Sendable, Equatable {
    let id: String
    let status: String
    let link: String?

    var isCompleted: Bool { status.caseInsensitiveCompare("GenerationCompleted") == .orderedSame }
}

/// The callback receiver's decisions, apart from any HTTP server so they can be tested as is.
/// It knows the per-run token and the one job being awaited; everything else is rejected and
/// never acted on. A callback can beat the submit response (a fast service), so while a submit
/// is in flight callbacks for not-yet-known ids are held until the id is known.
final class CallbackMailbox: Sendable {
    static let maxBodyBytes = 64 * 1024
    private static let maxHeld = 8
    private static let maxFinished = 64

    let token: String
    private let state = Mutex(State())

    private struct State {
        var submitting = 0
        var awaited: String?
        var held: [CallbackEvent] = []
        var pending: CallbackEvent?
        var waiter: (id: String, continuation: CheckedContinuation<CallbackEvent, any Error>)?
        var finished: [String] = []
    }

    /// The answer to send back: status code and a short plain-text reason.
    struct Verdict: Sendable, Equatable {
        let status: Int
        let reason: String
    }

    init(token: String = randomHex(byteCount: 32)) {
        self.token = token
    }

    /// Decides on one incoming request; delivers it to the waiting job when it is legitimate.
    func receive(method: String, path: String, contentType: String?, body: [UInt8]) -> Verdict {
        guard method == "POST" || method == "PUT" else { return Verdict(status: 405, reason: "use POST or PUT") }
        let pathOnly = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let last = pathOnly.split(separator: "/").last.map(String.init) ?? ""
        guard constantTimeEqual(last, token) else { return Verdict(status: 404, reason: "not found") }
        guard body.count <= Self.maxBodyBytes else { return Verdict(status: 413, reason: "body over 64 KiB") }
        if let contentType, !contentType.isEmpty, !contentType.lowercased().contains("json") {
            return Verdict(status: 415, reason: "expected a JSON body")
        }
        guard let json = ResponseText.jsonObject(body), let id = ResponseText.string(json, "id") else {
            return Verdict(status: 400, reason: "expected JSON with an id")
        }
        let event = CallbackEvent(id: id, status: ResponseText.string(json, "status") ?? "", link: ResponseText.string(json, "link"))

        let (verdict, waiter) = state.withLock { state -> (Verdict, CheckedContinuation<CallbackEvent, any Error>?) in
            if id == state.awaited {
                if let waiter = state.waiter, waiter.id == id {
                    state.waiter = nil
                    return (Verdict(status: 200, reason: "ok"), waiter.continuation)
                }
                if state.pending == nil { state.pending = event }
                return (Verdict(status: 200, reason: "ok"), nil)
            }
            if state.finished.contains(id) { return (Verdict(status: 409, reason: "job no longer awaited"), nil) }
            if state.submitting > 0 && state.held.count < Self.maxHeld {
                state.held.append(event)
                return (Verdict(status: 202, reason: "held"), nil)
            }
            return (Verdict(status: 404, reason: "unknown job"), nil)
        }
        waiter?.resume(returning: event)
        return verdict
    }

    /// A submit with this receiver's URL is about to go out.
    func beginSubmission() { state.withLock { $0.submitting += 1 } }

    /// That submit failed: nothing will be awaited from it.
    func endSubmission() {
        state.withLock { state in
            state.submitting = max(0, state.submitting - 1)
            if state.submitting == 0 { state.held.removeAll() }
        }
    }

    /// From now on `id` is the job whose callback counts; a callback held for it is kept.
    func expect(_ id: String) {
        state.withLock { state in
            state.submitting = max(0, state.submitting - 1)
            if let previous = state.awaited, previous != id { Self.retire(previous, in: &state) }
            state.awaited = id
            state.finished.removeAll { $0 == id }
            if state.pending?.id != id { state.pending = nil }
            if let early = state.held.first(where: { $0.id == id }), state.pending == nil { state.pending = early }
            state.held.removeAll { $0.id == id }
            if state.submitting == 0 { state.held.removeAll() }
        }
    }

    /// The job is done or abandoned: its later callbacks are refused.
    func finish(_ id: String) {
        state.withLock { state in
            guard state.awaited == id else { return }
            Self.retire(id, in: &state)
            state.awaited = nil
            state.pending = nil
        }
    }

    /// Waits for the callback of the awaited job `id`; throws CancellationError when cancelled.
    func next(for id: String) async throws -> CallbackEvent {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<CallbackEvent, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if let pending = state.pending, pending.id == id {
                        state.pending = nil
                        return .success(pending)
                    }
                    if let old = state.waiter {
                        state.waiter = nil
                        old.continuation.resume(throwing: CancellationError())
                    }
                    state.waiter = (id, continuation)
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    private static func retire(_ id: String, in state: inout State) {
        state.finished.append(id)
        if state.finished.count > maxFinished { state.finished.removeFirst(state.finished.count - maxFinished) }
        if let waiter = state.waiter, waiter.id == id {
            state.waiter = nil
            waiter.continuation.resume(throwing: CancellationError())
        }
    }
}

/// Compares the token without an early exit, so response timing does not leak its prefix.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for index in x.indices { difference |= x[index] ^ y[index] }
    return difference == 0
}
