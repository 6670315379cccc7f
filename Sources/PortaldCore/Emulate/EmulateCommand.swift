import Emulator
import Foundation

/// `portald emulate`: the APIMatic-compatible service on loopback until SIGINT/SIGTERM.
enum EmulateCommand {
    static func options(from parsed: ParsedArguments) throws -> EmulatorOptions {
        guard parsed.positionals.isEmpty else {
            throw UsageError(command: "emulate", message: "unexpected argument '\(parsed.positionals[0])'")
        }
        var options = EmulatorOptions()
        if let listen = parsed.last("listen") {
            guard let (host, port) = HostPort.parse(listen) else {
                throw UsageError(command: "emulate", message: "--listen expects HOST:PORT, e.g. 127.0.0.1:8080, got '\(listen)'")
            }
            options.host = host
            options.port = port
        }
        options.allowRemote = parsed.has("allow-remote")
        if let latency = parsed.last("latency") {
            // "MS", or "MS,MS,..." for per-job latencies in submit order (the last repeats).
            let values = latency.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard !values.isEmpty, values.allSatisfy({ ($0 ?? -1) >= 0 }) else {
                throw UsageError(command: "emulate", message: "--latency expects milliseconds, or a comma-separated list per job, got '\(latency)'")
            }
            options.latencySequence = values.map { .milliseconds($0!) }
        }
        if let key = parsed.last("key") {
            guard !key.isEmpty else { throw UsageError(command: "emulate", message: "--key must not be empty") }
            options.key = key
        }
        switch parsed.last("renderer") {
        case nil, "builtin": options.renderer = BuiltinRenderer()
        case "echo": options.renderer = EchoRenderer()
        case let other?: throw UsageError(command: "emulate", message: "--renderer expects builtin or echo, got '\(other)'")
        }
        do {
            options.faults = try parsed.all("fault").map(Fault.parse)
        } catch {
            throw UsageError(command: "emulate", message: "\(error)")
        }
        return options
    }

    static func run(_ options: EmulatorOptions, json: Bool) async -> Int32 {
        let emulator: Emulator
        do { emulator = try Emulator(options: options) } catch {
            ConsoleReporter(json: false, verbosity: .normal).emit(.failed(generation: nil, job: nil, error: ErrorPayload(error)))
            return 1
        }
        let reporter = ConsoleReporter(json: json, verbosity: .normal)
        if json {
            reporter.emit(.ready(preview: "", url: emulator.baseURL, generator: "emulate"))
        } else {
            // The URL on stdout alone, so scripts can read it; the rest is for people.
            FileHandle.standardOutput.write(Data((emulator.baseURL + "\n").utf8))
            reporter.note("APIMatic-compatible service listening on \(emulator.baseURL) (Ctrl-C to stop)")
        }
        let stopped = AsyncStream<Int32> { continuation in
            let trap = SignalTrap { continuation.yield($0) }
            continuation.onTermination = { _ in trap.cancel() }
        }
        for await _ in stopped { break }
        emulator.stop()
        return 130
    }
}

/// `HOST:PORT`, `[::1]:PORT`.
enum HostPort {
    static func parse(_ text: String) -> (String, UInt16)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        return (host, port)
    }
}
