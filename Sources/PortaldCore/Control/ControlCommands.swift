import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `portald status [DIR]` and `portald stop [DIR]`: find the daemon watching DIR through
/// its record in DIR's state directory.
enum ControlCommands {
    static let options: [OptionSpec] = [
        OptionSpec("state-dir", placeholder: "DIR", help: "the state directory the daemon uses, if not the default"),
        OptionSpec("json", .switchFlag, help: "print JSON"),
        CommandOptions.help,
    ]

    static func stateDirectory(_ parsed: ParsedArguments, command: String, environment: [String: String],
                               currentDirectory: URL) throws -> (URL, StateDirectory) {
        guard parsed.positionals.count <= 1 else {
            throw UsageError(command: command, message: "expected at most one DIR")
        }
        let project = URL(fileURLWithPath: parsed.positionals.first ?? ".", relativeTo: currentDirectory).standardizedFileURL
        if let given = parsed.last("state-dir") {
            return (project, StateDirectory(root: URL(fileURLWithPath: given, relativeTo: currentDirectory).standardizedFileURL))
        }
        return (project, StateDirectory.default(for: project, environment: environment))
    }

    static func status(_ parsed: ParsedArguments, environment: [String: String], currentDirectory: URL) async throws -> Int32 {
        let (project, state) = try stateDirectory(parsed, command: "status", environment: environment, currentDirectory: currentDirectory)
        guard let record = DaemonRecord.running(in: state) else {
            if parsed.has("json") { print(#"{"running":false}"#) } else {
                print("portald: no daemon is watching \(project.path). Start one with 'portald watch \(project.path)'.")
            }
            return 1
        }
        let live = await record.url.flatMap { URL(string: $0 + "__portald/status") }.asyncMap(fetch)
        if parsed.has("json") {
            let recordJSON = String(decoding: (try? JSONEncoder().encode(record)) ?? Data(), as: UTF8.self)
            print(#"{"running":true,"daemon":\#(recordJSON),"status":\#(live ?? "null")}"#)
        } else {
            print("portald: watching \(record.project) (pid \(record.pid), since \(record.started))")
            print("  preview: \(record.preview)" + (record.url.map { " served at \($0)" } ?? ""))
            if let live { print("  state: \(live)") }
        }
        return 0
    }

    static func stop(_ parsed: ParsedArguments, environment: [String: String], currentDirectory: URL) async throws -> Int32 {
        let (project, state) = try stateDirectory(parsed, command: "stop", environment: environment, currentDirectory: currentDirectory)
        guard let record = DaemonRecord.running(in: state) else {
            print("portald: no daemon is watching \(project.path); nothing to stop.")
            return 0
        }
        kill(record.pid, SIGTERM)
        // The daemon stops within 2 s; allow more before calling it stuck.
        for _ in 0..<100 {
            if kill(record.pid, 0) != 0 && errno == ESRCH {
                print("portald: stopped the daemon watching \(record.project) (pid \(record.pid)).")
                return 0
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        FileHandle.standardError.write(Data("portald stop: pid \(record.pid) did not stop within 5 s; try 'kill \(record.pid)'.\n".utf8))
        return 1
    }

    private static func fetch(_ url: URL) async -> String? {
        guard let (data, response) = try? await URLSession.shared.data(from: url),
              (response as? HTTPURLResponse)?.statusCode == 200 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async -> T?) async -> T? {
        guard let self else { return nil }
        return await transform(self)
    }
}
