import Foundation

/// Runs the real `portald` binary built next to the test bundle.
public struct PortaldProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var output: String { stdout + stderr }
        /// The `--json` events, decoded line by line.
        public var events: [[String: Any]] {
            stdout.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }
        public func events(named name: String) -> [[String: Any]] { events.filter { $0["event"] as? String == name } }
    }

    public static var binary: URL {
        // The test bundle lives in the same build products folder as the executable.
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().appendingPathComponent("portald")
    }

    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs a shell command (test set-up such as mounts); returns its exit status.
    public static func shell(_ command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs to completion (killed after `timeout` seconds so a hang fails the test instead of CI).
    public static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil,
                    timeout: TimeInterval = 60) async throws -> Result {
        try await offPool { try runBlocking(arguments, environment: environment, in: directory, timeout: timeout) }
    }

    private static func runBlocking(_ arguments: [String], environment: [String: String], in directory: URL?,
                                    timeout: TimeInterval) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "APIMATIC_API_KEY")
        env.removeValue(forKey: "APIMATIC_BASE_URL")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes while it runs so a chatty process never blocks on a full pipe.
        let outData = Drain(out.fileHandleForReading), errData = Drain(err.fileHandleForReading)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: outData.wait(), stderr: errData.wait())
    }
}

/// Reads a pipe to its end on a background thread.
final class Drain: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

/// `portald emulate` running in the background for one test; stopped on deinit.
public final class EmulatorProcess: @unchecked Sendable {
    public let process = Process()
    public let url: String

    public init(_ arguments: [String] = []) throws {
        process.executableURL = PortaldProcess.binary
        process.arguments = ["emulate", "--listen", "127.0.0.1:0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first stdout line is the base URL.
        var line = Data()
        let handle = out.fileHandleForReading
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        url = String(decoding: line, as: UTF8.self)
        guard url.hasPrefix("http://") else {
            process.terminate()
            throw TestFailure("portald emulate did not print its URL (got '\(url)')")
        }
    }

    deinit {
        if process.isRunning {
            process.interrupt()
            process.waitUntilExit()
        }
    }
}

public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs a blocking wait on a thread of its own. Tests must not block Swift concurrency's
/// cooperative threads (as many as cores): in-process servers and clocks in other tests
/// running in parallel need them, and would otherwise starve until a timeout.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
