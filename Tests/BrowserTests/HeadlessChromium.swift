import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's `chromium`, headless, driven over `--remote-debugging-pipe`: the DevTools protocol
/// as NUL-terminated JSON on fd 3 (commands in) and fd 4 (replies and events out), so the
/// test needs no WebSocket client. Foundation's Process passes only fds 0-2, hence two FIFOs
/// that the shell opens as fds 3 and 4 before it execs chromium.
final class HeadlessChromium: @unchecked Sendable {
    struct Unavailable: Error, CustomStringConvertible { let description: String }

    /// `chromium` on PATH, or nil when it is not installed.
    static var executable: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/chromium" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private let process = Process()
    private let folder: URL
    private let commands: Int32
    private let replies: Int32
    private var buffer: [UInt8] = []
    private var nextID = 1
    private var closed = false

    /// Spawns chromium with a private profile in a temp folder (removed by `close`).
    private init(windowWidth: Int = 1280, windowHeight: Int = 900) throws {
        guard let chromium = Self.executable else { throw Unavailable(description: "chromium is not installed (scripts/setup installs it)") }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("portald-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let commandsPath = folder.appendingPathComponent("in").path, repliesPath = folder.appendingPathComponent("out").path
        guard mkfifo(commandsPath, 0o600) == 0, mkfifo(repliesPath, 0o600) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: folder)
            throw Unavailable(description: "mkfifo in \(folder.path): \(reason)")
        }
        // O_RDWR opens of a FIFO never block on Linux, so neither side waits for the other to
        // open first (no open deadlock); the shell's own opens then find a peer at once.
        commands = open(commandsPath, O_RDWR | O_CLOEXEC)
        replies = open(repliesPath, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \"$0\" \"$@\" 3<\"$IN\" 4>\"$OUT\"", chromium,
                             "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                             "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                             "--window-size=\(windowWidth),\(windowHeight)", "--hide-scrollbars",
                             "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                             "--disable-component-update", "--disable-sync", "--mute-audio", "about:blank"]
        var environment = ProcessInfo.processInfo.environment
        environment["IN"] = commandsPath
        environment["OUT"] = repliesPath
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        do {
            guard commands >= 0, replies >= 0 else { throw Unavailable(description: "cannot open the DevTools FIFOs in \(folder.path)") }
            // Chromium's children inherit stderr: a file never blocks them and is read on failure.
            guard FileManager.default.createFile(atPath: logPath, contents: nil) else { throw Unavailable(description: "cannot create \(logPath)") }
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            try process.run()
        } catch {
            let log = self.logTail
            close()
            throw Unavailable(description: "chromium did not start: \(error)\n\(log)")
        }
    }

    /// Starts chromium and waits for its first reply, which proves it speaks the protocol.
    static func launch() async throws -> HeadlessChromium {
        let browser = try HeadlessChromium()
        do {
            try await browser.send("Browser.getVersion", timeout: 30)
        } catch {
            let log = browser.logTail
            browser.close()
            throw Unavailable(description: "chromium did not start: \(error)\n\(log)")
        }
        return browser
    }

    private var logPath: String { folder.appendingPathComponent("chromium.log").path }

    /// The end of chromium's stderr, for failure messages.
    var logTail: String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return String(text.suffix(2000))
    }

    /// Sends one command and waits for its reply; throws the protocol's error reply. Waits
    /// by polling the FIFO and sleeping the task, so a Swift Testing worker thread (there are
    /// as many as cores) is never held while chromium works.
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:], session: String? = nil,
              timeout: TimeInterval = 15) async throws -> [String: Any] {
        let id = nextID
        nextID += 1
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        try write(bytes)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            while let reply = nextMessage() {
                guard reply["id"] as? Int == id else { continue } // events and stale replies
                if let error = reply["error"] as? [String: Any] {
                    throw DevToolsError(method: method, message: error["message"] as? String ?? "\(error)")
                }
                return reply["result"] as? [String: Any] ?? [:]
            }
            guard process.isRunning else { throw DevToolsError(method: method, message: "chromium exited (\(process.terminationStatus))") }
            guard Date() < deadline else { throw DevToolsError(method: method, message: "no reply within \(timeout) s") }
            if try !readAvailable(waitingAtMost: 0) { try await Task.sleep(for: .milliseconds(5)) }
        }
    }

    /// Closes the browser (politely, then by force), its FIFOs and its temp folder.
    func close() {
        // Once only: closing the fd numbers twice could close whatever another test opened since.
        guard !closed else { return }
        closed = true
        if process.isRunning {
            try? write(Array(#"{"id":0,"method":"Browser.close"}"#.utf8) + [0])
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { _ = try? readAvailable(waitingAtMost: 0.1) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        if process.processIdentifier > 0 { process.waitUntilExit() }
        if commands >= 0 { Glibc.close(commands) }
        if replies >= 0 { Glibc.close(replies) }
        try? FileManager.default.removeItem(at: folder)
    }

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(commands, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw DevToolsError(method: "write", message: String(cString: strerror(errno)))
            }
            offset += written
        }
    }

    /// Waits until the reply FIFO has bytes (or the time is up), then takes all there are;
    /// false when there were none.
    private func readAvailable(waitingAtMost seconds: TimeInterval) throws -> Bool {
        var pollfd = pollfd(fd: replies, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pollfd, 1, Int32(max(0, seconds) * 1000))
        guard ready > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(replies, $0.baseAddress, $0.count) }
            if count > 0 { buffer.append(contentsOf: chunk[0..<count]); continue }
            if count < 0 && errno == EINTR { continue }
            return true // EAGAIN: drained
        }
    }

    private func nextMessage() -> [String: Any]? {
        while let end = buffer.firstIndex(of: 0) {
            let frame = Data(buffer[0..<end])
            buffer.removeSubrange(0...end)
            if let object = try? JSONSerialization.jsonObject(with: frame) as? [String: Any] { return object }
        }
        return nil
    }
}

struct DevToolsError: Error, CustomStringConvertible {
    let method: String
    let message: String
    var description: String { "DevTools \(method): \(message)" }
}
