import Foundation
import Preview
import Synchronization

/// Where the daemon tells the browser what happened (the preview server's live-reload
/// channel); the daemon works the same without one (`--no-serve`).
protocol PreviewPublisher: Sendable {
    /// Its address, for the `ready` event and the localhost baseUrl rewrite.
    var url: String { get }
    func building(generation: Int)
    func reloaded(generation: Int)
    func failed(_ error: ErrorPayload)
    /// The failure shown is no longer true (the input was reverted to what is live).
    func cleared()
    /// The daemon's state after each step, for `/__portald/status`.
    func update(_ status: DaemonStatus)
    func stop()
}

/// The live preview server behind the daemon.
final class ServedPreview: PreviewPublisher {
    /// The latest status JSON, read by the server's threads.
    private final class StatusJSON: Sendable {
        let bytes = Mutex<[UInt8]>(Array("{}".utf8))
    }

    private let server: PreviewServer
    private let status = StatusJSON()
    private let live = Atomic<Int>(0)

    private let openBrowser: Atomic<Bool>

    init(root: URL, host: String, port: UInt16, liveReload: Bool, openBrowser: Bool) throws {
        self.openBrowser = Atomic(openBrowser)
        let status = self.status
        server = try PreviewServer(root: root, options: PreviewServerOptions(host: host, port: port, liveReload: liveReload),
                                   status: { status.bytes.withLock { $0 } })
    }

    var url: String { server.url }

    func building(generation: Int) { server.publish(.building(generation: generation)) }

    func reloaded(generation: Int) {
        live.store(generation, ordering: .relaxed)
        server.setReport(nil)
        server.publish(.reload(generation: generation))
        // `--open`: once, when the first portal is live.
        if openBrowser.exchange(false, ordering: .relaxed) { Self.open(server.url) }
    }

    private static func open(_ url: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if (try? process.run()) == nil {
            FileHandle.standardError.write(Data("portald: cannot run xdg-open; open \(url) in your browser.\n".utf8))
        }
    }

    func failed(_ error: ErrorPayload) {
        server.setReport(error.report.map { URL(fileURLWithPath: $0) })
        server.publish(.error(message: error.message, details: error.details, report: error.report != nil))
    }

    /// A reload of what is live takes the overlay away.
    func cleared() {
        server.setReport(nil)
        server.publish(.reload(generation: live.load(ordering: .relaxed)))
    }

    func update(_ snapshot: DaemonStatus) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(snapshot) else { return }
        status.bytes.withLock { $0 = Array(data) }
    }

    func stop() { server.stop() }
}
