import Synchronization

/// The project's one HTTP server (libmicrohttpd): the emulator, the callback receiver and
/// the live preview all use it. The handler is synchronous and runs on one of `threads`
/// worker threads; it may block briefly. Long-lived bodies use `HTTPBody.stream`.
public final class HTTPServer: Sendable {
    /// The real port (useful after asking for port 0).
    public let port: UInt16
    /// "http://127.0.0.1:PORT", "http://[::1]:PORT"; a wildcard host maps to its loopback.
    public let baseURL: String

    private let context: ServerContext
    private let daemon: Mutex<MicroHTTPDaemon?>

    public init(options: HTTPServerOptions,
                handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws(HTTPServerError) {
        let socket = try ListenSocket.bind(host: options.host, port: options.port)
        let context = ServerContext(handler: handler, maxBodyBytes: max(0, options.maxBodyBytes))
        guard let started = MicroHTTPDaemon.start(socket: socket, options: options, context: context) else {
            socket.closeUnowned()
            throw HTTPServerError(.daemonStart, host: options.host, port: socket.port)
        }
        self.context = context
        self.daemon = Mutex(started)
        self.port = socket.port
        let urlHost: String
        switch socket.boundAddress {
        case "0.0.0.0": urlHost = "127.0.0.1"
        case "::": urlHost = "[::1]"
        case let address where address.contains(":"): urlHost = "[\(address)]"
        case let address: urlHost = address
        }
        self.baseURL = "http://\(urlHost):\(socket.port)"
    }

    /// Closes the port and every connection; open streams end. Idempotent.
    public func stop() {
        guard let running = daemon.withLock({ d -> MicroHTTPDaemon? in
            defer { d = nil }
            return d
        }) else { return }
        // MHD must not be stopped with suspended connections: wake every parked stream first.
        context.endAllStreams()
        running.stop()
    }

    deinit {
        stop()
    }
}
