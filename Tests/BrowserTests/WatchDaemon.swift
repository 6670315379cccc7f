import Foundation
import PortaldTestSupport

/// `portald watch --json` on a temp copy of examples/petstore with the built-in generator,
/// serving on a free loopback port: the shared `WatchProcess` plus the page and file helpers
/// these tests need. Stopped and removed on `stop()` or when it goes away.
final class WatchDaemon: Sendable {
    private let workspace: TestWorkspace
    private let watch: WatchProcess

    var root: URL { workspace.root }
    var project: URL { workspace.project }
    var preview: URL { workspace.preview }
    var events: [[String: Any]] { watch.events }
    var stderr: String { watch.stderr }

    init() throws {
        workspace = try TestWorkspace()
        watch = try WatchProcess([workspace.project.path, "--preview", workspace.preview.path,
                                  "--state-dir", workspace.state.path, "--generator", "builtin",
                                  "--host", "127.0.0.1", "--port", "0", "--debounce", "50"])
    }

    /// Waits for an event named `name` (matching `predicate`) at or after position `from`.
    @discardableResult
    func waitFor(_ name: String, from: Int = 0, timeout: TimeInterval = 60,
                 where predicate: @escaping @Sendable ([String: Any]) -> Bool = { _ in true }) async throws -> (event: [String: Any], index: Int) {
        try await watch.waitFor(name, from: from, timeout: timeout, where: predicate)
    }

    func write(_ text: String, to relative: String) throws {
        try text.write(to: project.appendingPathComponent(relative), atomically: false, encoding: .utf8)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: project.appendingPathComponent(relative), encoding: .utf8)
    }

    /// The preview page (path relative to the portal root) whose HTML holds `text`.
    func page(containing text: String) -> String? {
        guard let walker = FileManager.default.enumerator(at: preview, includingPropertiesForKeys: nil) else { return nil }
        for case let url as URL in walker where url.pathExtension == "html" {
            if let html = try? String(contentsOf: url, encoding: .utf8), html.contains(text) {
                return String(url.path.dropFirst(preview.path.count + 1))
            }
        }
        return nil
    }

    /// Stops the daemon (SIGINT, then by force) and removes the workspace; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        defer { workspace.remove() }
        return watch.interruptBlocking()
    }

    deinit { workspace.remove() }
}
