import Foundation
import Synchronization

/// One submitted generation. Its directory holds `upload.zip`, `input/`, `output/` and the
/// zips the download serves.
final class Job: Sendable {
    enum Outcome: Sendable, Equatable {
        case queued
        case running
        case completed
        /// `status` is the value the status endpoint reports (ValidationError, Failed, ...).
        case failed(status: String, errors: [String: [String]])

        var isFinished: Bool {
            switch self {
            case .queued, .running: false
            case .completed, .failed: true
            }
        }
    }

    let id: String
    let directory: URL
    let callbackURL: String?
    let statusURL: String
    let downloadURL: String
    let stopwatch: Stopwatch
    /// How long after submit the job reports completion.
    let latency: Duration
    let outcome = Mutex(Outcome.queued)
    /// Per-job application counts of status faults, keyed by the fault's index in the options.
    let statusFaultCounts = Mutex<[Int: Int]>([:])
    /// Fired when the generation work (not the latency) is over; for tests.
    let workDone = Signal()
    /// Fired once the callback was sent, failed, or was skipped; for tests.
    let callbackSettled = Signal()

    var uploadZip: URL { directory.appendingPathComponent("upload.zip") }
    var inputDirectory: URL { directory.appendingPathComponent("input") }
    var outputDirectory: URL { directory.appendingPathComponent("output") }
    var portalZip: URL { directory.appendingPathComponent("portal.zip") }
    var errorZip: URL { directory.appendingPathComponent("error.zip") }

    init(id: String, directory: URL, callbackURL: String?, linkBase: String, stopwatch: Stopwatch, latency: Duration) {
        self.latency = latency
        self.id = id
        self.directory = directory
        self.callbackURL = callbackURL
        self.statusURL = "\(linkBase)/portal/v2/\(id)/status"
        self.downloadURL = "\(linkBase)/portal/v2/\(id)/download"
        self.stopwatch = stopwatch
    }

    /// True for the first `times` calls for fault `index` (every call when `times` is nil).
    func consumeStatusFault(_ index: Int, times: Int?) -> Bool {
        statusFaultCounts.withLock { counts in
            let used = counts[index, default: 0]
            if let times, used >= times { return false }
            counts[index] = used + 1
            return true
        }
    }
}

/// Time since submit on the injected clock, and a way to wait for a point in that time.
struct Stopwatch: Sendable {
    let elapsed: @Sendable () -> Duration
    let sleepUntil: @Sendable (Duration) async throws -> Void
}

extension Clock where Duration == Swift.Duration {
    /// A stopwatch started now (a member, so calling it on `any Clock<Duration>` opens it).
    func startStopwatch() -> Stopwatch {
        let start = now
        return Stopwatch(elapsed: { start.duration(to: self.now) },
                         sleepUntil: { offset in try await self.sleep(until: start.advanced(by: offset), tolerance: nil) })
    }
}

/// A one-shot event that async code can wait for.
final class Signal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.fired = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { s -> Bool in
                if s.fired { return true }
                s.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
