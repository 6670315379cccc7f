import Diagnostics
import HTTPServer

public struct PreviewServerOptions: Sendable {
    /// Loopback by default: the preview is the author's, not the network's.
    public var host: String
    /// 0 picks a free port (read it back from `PreviewServer.url`).
    public var port: UInt16
    /// Inject the live-reload script into HTML pages (`--no-reload` turns it off).
    public var liveReload: Bool
    /// Interval of the comment lines that reveal gone event-stream clients.
    public var heartbeat: Duration
    /// Drives the heartbeat; tests pass a manual clock.
    public var clock: any Clock<Duration>

    public init(host: String = "127.0.0.1", port: UInt16 = 23513, liveReload: Bool = true,
                heartbeat: Duration = .seconds(15), clock: any Clock<Duration> = ContinuousClock()) {
        self.host = host
        self.port = port
        self.liveReload = liveReload
        self.heartbeat = heartbeat
        self.clock = clock
    }
}

/// The preview server could not start.
public struct PreviewServerError: UserFacingError, Equatable {
    public let host: String
    public let port: UInt16
    public let reason: HTTPServerError.Reason

    init(_ error: HTTPServerError) {
        host = error.host
        port = error.port
        reason = error.reason
    }

    public var kind: String { "preview-server" }

    public var message: String {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        switch reason {
        case .addressInUse:
            return "Cannot serve the preview on \(address): port \(port) is already in use (another portald watch?). "
                + "Stop the other process, or pick another port with --port N (--port 0 picks a free one)."
        case .cannotResolve:
            return "Cannot serve the preview on \(address): the host is not a local address. "
                + "Use --host 127.0.0.1 (the default) or another address of this machine."
        case .permissionDenied:
            return "Cannot serve the preview on \(address): permission denied (ports below 1024 need privileges). "
                + "Use --port with a higher number, or --port 0 for a free one."
        case .socket(let detail):
            return "Cannot serve the preview on \(address): \(detail). Try another --port (0 picks a free one)."
        case .daemonStart:
            return "Cannot start the preview server on \(address) (libmicrohttpd refused to start). "
                + "Check the system's thread and file limits, or run with --no-serve."
        }
    }
}
