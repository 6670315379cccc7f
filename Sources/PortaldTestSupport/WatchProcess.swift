import Foundation

/// `portald watch --json` running in the background; its events are read as they arrive and
/// tests wait for the ones they expect (with a generous deadline), never for a fixed time.
public final class WatchProcess: @unchecked Sendable {
    /// What the reader threads fill. They hold this, not the WatchProcess, so the process
    /// object dies with the test and its deinit stops the daemon.
    private final class Output: @unchecked Sendable {
        let lock = NSCondition()
        var lines: [[String: Any]] = []
        var stderrText = ""
    }

    public let process = Process()
    private let output = Output()
    private var lock: NSCondition { output.lock }
    private var lines: [[String: Any]] { output.lines }

    public init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = PortaldProcess.binary
        process.arguments = ["watch"] + arguments + ["--json"]
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "APIMATIC_API_KEY")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = self.output
        Thread.detachNewThread {
            let lock = output.lock
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
                        lock.lock(); output.lines.append(object); lock.broadcast(); lock.unlock()
                    }
                }
            }
            lock.lock(); lock.broadcast(); lock.unlock()
        }
        Thread.detachNewThread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            output.lock.lock(); output.stderrText = String(decoding: data, as: UTF8.self); output.lock.unlock()
        }
    }

    public var events: [[String: Any]] { lock.lock(); defer { lock.unlock() }; return lines }
    public var stderr: String { lock.lock(); defer { lock.unlock() }; return output.stderrText }

    public func events(named name: String) -> [[String: Any]] { events.filter { $0["event"] as? String == name } }

    /// Waits until an event named `name` (and matching `predicate`) has been printed, at or
    /// after position `from` in the stream; returns it with its position.
    @discardableResult
    public func waitFor(_ name: String, from: Int = 0, timeout: TimeInterval = 30,
                 where predicate: @escaping @Sendable ([String: Any]) -> Bool = { _ in true }) async throws -> (event: [String: Any], index: Int) {
        let found = try await offPool { [self] in
            let (event, index) = try waitBlocking(name, from: from, timeout: timeout, where: predicate)
            return EventBox(event: event, index: index)
        }
        return (found.event, found.index)
    }

    private struct EventBox: @unchecked Sendable { let event: [String: Any]; let index: Int }

    private func waitBlocking(_ name: String, from: Int, timeout: TimeInterval,
                              where predicate: ([String: Any]) -> Bool) throws -> (event: [String: Any], index: Int) {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while true {
            if from < lines.count, let index = lines[from...].firstIndex(where: { $0["event"] as? String == name && predicate($0) }) {
                return (lines[index], index)
            }
            guard process.isRunning || lines.count > from else { break }
            if !lock.wait(until: min(deadline, Date().addingTimeInterval(0.2))) && Date() >= deadline { break }
        }
        throw TestFailure("no '\(name)' event within \(timeout) s; events so far: \(lines.map { $0["event"] as? String ?? "?" })")
    }

    /// Sends SIGINT and waits for the exit; returns the exit status.
    public func interrupt(timeout: TimeInterval = 10) async -> Int32 {
        (try? await offPool { [self] in interruptBlocking(timeout: timeout) }) ?? -1
    }

    /// The same, blocking the caller: for `defer` blocks (the daemon exits in milliseconds).
    public func interruptBlocking(timeout: TimeInterval = 10) -> Int32 {
        if process.isRunning { process.interrupt() }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate(); process.waitUntilExit(); return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate(); process.waitUntilExit() } }
}
