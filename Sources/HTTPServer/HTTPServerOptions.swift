import Diagnostics

public struct HTTPServerOptions: Sendable {
    /// An IP literal or a name. "::" listens dual-stack (IPv6 and IPv4); "localhost" binds
    /// 127.0.0.1 only, since a dual-stack socket on ::1 would not accept IPv4 loopback and
    /// binding "::" for it would expose the server to the network.
    public var host: String = "127.0.0.1"
    /// 0 picks a free port; read the real one from `HTTPServer.port`.
    public var port: UInt16 = 0
    /// Larger request bodies are answered 413 without reaching the handler.
    public var maxBodyBytes: Int = 64 << 20
    /// Idle connections are closed after this; a parked (idle) stream never times out.
    public var connectionTimeoutSeconds: UInt32 = 30
    /// Worker threads; each runs its own event loop, so one slow handler blocks only its share.
    public var threads: Int = 4
    /// Per-connection memory (request line + headers + write buffer); over it -> 431.
    public var connectionMemoryLimit: Int = 64 << 10

    public init(host: String = "127.0.0.1", port: UInt16 = 0, maxBodyBytes: Int = 64 << 20,
                connectionTimeoutSeconds: UInt32 = 30, threads: Int = 4) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.connectionTimeoutSeconds = connectionTimeoutSeconds
        self.threads = threads
    }
}

public struct HTTPServerError: UserFacingError, Equatable {
    public enum Reason: Sendable, Equatable {
        case addressInUse
        case cannotResolve
        case permissionDenied
        case socket(String)
        case daemonStart
    }

    public let reason: Reason
    public let host: String
    public let port: UInt16

    public init(_ reason: Reason, host: String, port: UInt16) {
        self.reason = reason
        self.host = host
        self.port = port
    }

    public var kind: String { "http-server" }

    public var message: String {
        let address = Self.display(host: host, port: port)
        switch reason {
        case .addressInUse:
            return "Cannot listen on \(address): the port is already in use. Stop the other process or pick another port (0 picks a free one)."
        case .cannotResolve:
            return "Cannot listen on \(address): the host does not resolve to a local address. Use an IP address such as 127.0.0.1."
        case .permissionDenied:
            return "Cannot listen on \(address): permission denied. Ports below 1024 need privileges; use a higher port."
        case .socket(let detail):
            return "Cannot listen on \(address): \(detail)."
        case .daemonStart:
            return "Cannot start the HTTP server on \(address) (libmicrohttpd refused to start). Check the thread count and system limits."
        }
    }

    static func display(host: String, port: UInt16) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
