import Foundation

/// `portald watch --json` on a temp copy of examples/petstore, serving on a free loopback
/// port (a trimmed copy of EndToEndTests' WatchProcess and TestWorkspace: test targets
/// cannot share code). Tests wait for its events with a deadline, never for a fixed time.
final class WatchDaemon: @unchecked Sendable {
    /// What the reader threads fill. They hold this, not the daemon object, so that object
    /// dies with the test and its deinit stops the process even when a test fails midway.
    private final class Output: @unchecked Sendable {
        let lock = NSLock()
        var lines: [[String: Any]] = []
        var stderrText = ""
    }

    let root: URL
    let process = Process()
    private let output = Output()

    var project: URL { root.appendingPathComponent("petstore") }
    var preview: URL { root.appendingPathComponent("portal") }

    /// The binary built next to the test bundle.
    static var binary: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("portald")
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portald-browser-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.packageRoot.appendingPathComponent("examples/petstore"), to: project)
        process.executableURL = Self.binary
        process.arguments = ["watch", project.path, "--preview", preview.path, "--state-dir", root.appendingPathComponent("state").path,
                             "--generator", "builtin", "--host", "127.0.0.1", "--port", "0", "--debounce", "50", "--json"]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "APIMATIC_API_KEY")
        environment.removeValue(forKey: "APIMATIC_BASE_URL")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = self.output
        Thread.detachNewThread {
            var buffer = Data()
            let handle = out.fileHandleForReading
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = buffer[buffer.startIndex..<newline]
                    buffer = Data(buffer[buffer.index(after: newline)...])
                    if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] {
                        output.lock.lock(); output.lines.append(object); output.lock.unlock()
                    }
                }
            }
        }
        Thread.detachNewThread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            output.lock.lock(); output.stderrText = String(decoding: data, as: UTF8.self); output.lock.unlock()
        }
    }

    var events: [[String: Any]] { output.lock.lock(); defer { output.lock.unlock() }; return output.lines }
    var stderr: String { output.lock.lock(); defer { output.lock.unlock() }; return output.stderrText }

    /// Waits for an event named `name` (matching `predicate`) at or after position `from`,
    /// polling with task sleeps so no Swift Testing worker thread is held meanwhile.
    @discardableResult
    func waitFor(_ name: String, from: Int = 0, timeout: TimeInterval = 60,
                 where predicate: ([String: Any]) -> Bool = { _ in true }) async throws -> (event: [String: Any], index: Int) {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let seen = events
            if from < seen.count, let index = seen[from...].firstIndex(where: { $0["event"] as? String == name && predicate($0) }) {
                return (seen[index], index)
            }
            guard process.isRunning, Date() < deadline else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw DevToolsError(method: "portald watch", message: "no '\(name)' event within \(timeout) s; events so far: \(events.map { $0["event"] as? String ?? "?" })\n\(stderr.suffix(2000))")
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
        defer { try? FileManager.default.removeItem(at: root) }
        if process.isRunning { process.interrupt() }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: root)
    }
}
