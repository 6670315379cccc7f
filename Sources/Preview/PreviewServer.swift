import Foundation
import HTTPServer

/// The live preview: serves the preview folder (swapped as a whole by the daemon) on
/// loopback, tells open pages to reload after each swap, and shows failures over the last
/// good portal. Safe to use from any thread.
public final class PreviewServer: Sendable {
    /// "http://127.0.0.1:PORT/".
    public let url: String
    /// The real port (useful after asking for port 0).
    public let port: UInt16

    private let site: PreviewSite
    private let server: HTTPServer
    private let heartbeat: Task<Void, Never>

    /// - Parameters:
    ///   - root: the preview folder; it may not exist yet, and may be a symlink.
    ///   - status: JSON served at `/__portald/status`, computed per request.
    /// - Throws: `PreviewServerError` (a busy port names the port and `--port`).
    public init(root: URL, options: PreviewServerOptions = PreviewServerOptions(),
                status: @escaping @Sendable () -> [UInt8]) throws {
        let site = PreviewSite(root: root.standardizedFileURL.path, liveReload: options.liveReload, status: status)
        // Small bodies only (nothing here accepts one); 64 KiB per connection caps request
        // line plus headers (over it: 431). Idle connections close after 30 s; event streams
        // are parked and never time out.
        var httpOptions = HTTPServerOptions(host: options.host, port: options.port, maxBodyBytes: 64 << 10,
                                            connectionTimeoutSeconds: 30, threads: 4)
        httpOptions.connectionMemoryLimit = 64 << 10
        do {
            server = try HTTPServer(options: httpOptions) { request in site.respond(to: request) }
        } catch {
            throw PreviewServerError(error)
        }
        self.site = site
        port = server.port
        url = server.baseURL + "/"
        let hub = site.hub
        let clock = options.clock
        let interval = options.heartbeat
        heartbeat = Task.detached {
            while !Task.isCancelled {
                do { try await clock.sleep(for: interval) } catch { return }
                hub.heartbeat()
            }
        }
    }

    /// Sends `event` to every open page, and remembers the live generation, a build in
    /// progress and the last error for pages that connect later.
    public func publish(_ event: LiveEvent) {
        site.hub.publish(event)
    }

    /// The build report served at `/__portald/report` (nil: 404).
    public func setReport(_ file: URL?) {
        site.setReport(file?.standardizedFileURL.path)
    }

    /// Event-stream clients currently connected (as far as the last send could tell).
    public var connectedClients: Int { site.hub.clientCount }

    /// Files whose digest is remembered (tests check that hashing is not per request).
    var digestCacheCount: Int { site.digests.count }

    /// Ends every event stream and closes the port. Idempotent.
    public func stop() {
        heartbeat.cancel()
        site.hub.closeAll()
        server.stop()
    }

    deinit {
        stop()
    }
}
