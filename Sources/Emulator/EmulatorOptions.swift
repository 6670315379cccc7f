import Diagnostics
import Foundation

public struct EmulatorOptions: Sendable {
    public var host = "127.0.0.1"
    public var port: UInt16 = 0
    /// Needed to listen on anything but loopback (the emulator has no real security).
    public var allowRemote = false
    /// Simulated generation time, measured from submit on the emulator's clock.
    public var latency: Duration = .zero
    /// Per-job latencies in submit order (the last one repeats), overriding `latency`: lets a
    /// test make an earlier job finish after a later one.
    public var latencySequence: [Duration] = []
    /// nil: any non-empty key is accepted.
    public var key: String? = nil
    public var faults: [Fault] = []
    /// nil: a fresh temporary directory, removed on stop. A given directory is kept.
    public var workDirectory: URL? = nil
    public var renderer: any PortalRenderer = BuiltinRenderer()

    public init() {}

    /// The simulated generation time of the `index`-th job submitted (0-based).
    func latency(ofJob index: Int) -> Duration {
        guard let last = latencySequence.last else { return latency }
        return index < latencySequence.count ? latencySequence[index] : last
    }
}

public struct EmulatorError: UserFacingError, Equatable {
    public enum Reason: Sendable, Equatable {
        case remoteNotAllowed(host: String)
        case workDirectory(path: String, reason: String)
    }

    public let reason: Reason

    public var kind: String {
        switch reason {
        case .remoteNotAllowed: "usage"
        case .workDirectory: "io"
        }
    }

    public var message: String {
        switch reason {
        case .remoteNotAllowed(let host):
            "The emulator would listen on \(host), which is not a loopback address. Use 127.0.0.1 (or ::1), or pass --allow-remote to expose it on purpose."
        case .workDirectory(let path, let reason):
            "Cannot use \(path) as the emulator's work directory: \(reason). Pick a writable directory."
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
