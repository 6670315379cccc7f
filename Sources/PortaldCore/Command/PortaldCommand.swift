import Foundation

/// The entry point: `portald <command> [arguments]` -> exit status
/// (0 success, 1 generation/runtime failure, 2 usage error, 130 interrupted).
public enum PortaldCommand {
    /// One subcommand: its help line, options, and what runs it once the arguments parsed.
    struct Entry: Sendable {
        let summary: String
        let usage: String
        let options: [OptionSpec]
        let run: @Sendable (ParsedArguments, [String: String], URL) async throws -> Int32
    }

    static let commands: [String: Entry] = [
        "watch": Entry(summary: "watch the build directory, regenerate on every save, hot-swap and serve the preview",
                       usage: "[DIR] [options]", options: CommandOptions.watch) { parsed, environment, cwd in
            await WatchCommand.run(try WatchConfig.resolve(parsed, environment: environment, currentDirectory: cwd), environment: environment)
        },
        "generate": Entry(summary: "one generation into the preview directory, then exit",
                          usage: "[DIR] [options]", options: CommandOptions.generate) { parsed, environment, cwd in
            let config = try GenerateConfig.resolve(parsed, specs: CommandOptions.generate, command: "generate",
                                                    environment: environment, currentDirectory: cwd)
            return await GenerateCommand.run(config, environment: environment)
        },
        "emulate": Entry(summary: "the APIMatic-compatible service, on loopback", usage: "[options]",
                         options: CommandOptions.emulate) { parsed, _, _ in
            await EmulateCommand.run(try EmulateCommand.options(from: parsed), json: parsed.has("json"))
        },
        "config": Entry(summary: "the effective configuration and where each value came from", usage: "[DIR] [options]",
                        options: CommandOptions.watch + [CommandOptions.zip]) { parsed, environment, cwd in
            try ConfigCommand.run(parsed, environment: environment, currentDirectory: cwd)
        },
        "status": Entry(summary: "the state of the daemon watching DIR", usage: "[DIR] [options]",
                        options: ControlCommands.options) { parsed, environment, cwd in
            try await ControlCommands.status(parsed, environment: environment, currentDirectory: cwd)
        },
        "stop": Entry(summary: "stop the daemon watching DIR cleanly", usage: "[DIR] [options]",
                      options: ControlCommands.options) { parsed, environment, cwd in
            try await ControlCommands.stop(parsed, environment: environment, currentDirectory: cwd)
        },
    ]

    public static func run(_ arguments: [String], environment: [String: String],
                           currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) async -> Int32 {
        guard let command = arguments.first else {
            FileHandle.standardError.write(Data((HelpText.main + "\n").utf8))
            return 2
        }
        switch command {
        case "--help", "-h", "help":
            print(HelpText.main)
            return 0
        case "--version", "-V", "version":
            print("portald \(HelpText.version)")
            return 0
        default:
            break
        }
        guard let entry = commands[command] else {
            let names = commands.keys.sorted().joined(separator: ", ")
            FileHandle.standardError.write(Data("portald: unknown command '\(command)'. Commands: \(names). Run 'portald --help'.\n".utf8))
            return 2
        }
        do {
            let parsed = try ParsedArguments.parse(Array(arguments.dropFirst()), specs: entry.options, command: command)
            if parsed.has("help") {
                print(HelpText.command(command, summary: entry.summary, usage: entry.usage, options: entry.options))
                return 0
            }
            return try await entry.run(parsed, environment, currentDirectory)
        } catch let error as UsageError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            return 2
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data(("portald \(command): \(error.description)\n").utf8))
            return 2
        } catch {
            FileHandle.standardError.write(Data(("portald \(command): \(error)\n").utf8))
            return 1
        }
    }
}
