import Foundation

/// The entry point: `portald <command> [arguments]` -> exit status
/// (0 success, 1 generation/runtime failure, 2 usage error, 130 interrupted).
public enum PortaldCommand {
    public static func run(_ arguments: [String], environment: [String: String],
                           currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) async -> Int32 {
        guard let command = arguments.first else {
            FileHandle.standardError.write(Data((HelpText.main + "\n").utf8))
            return 2
        }
        let rest = Array(arguments.dropFirst())
        do {
            switch command {
            case "--help", "-h", "help":
                print(HelpText.main)
                return 0
            case "--version", "-V", "version":
                print("portald \(HelpText.version)")
                return 0
            case "generate":
                let parsed = try ParsedArguments.parse(rest, specs: CommandOptions.generate, command: command)
                if parsed.has("help") {
                    print(HelpText.command("generate", summary: "one generation into the preview directory, then exit",
                                           usage: "[DIR] [options]", options: CommandOptions.generate))
                    return 0
                }
                let config = try GenerateConfig.resolve(parsed, specs: CommandOptions.generate, command: command,
                                                        environment: environment, currentDirectory: currentDirectory)
                return await GenerateCommand.run(config, environment: environment)
            case "emulate":
                let parsed = try ParsedArguments.parse(rest, specs: CommandOptions.emulate, command: command)
                if parsed.has("help") {
                    print(HelpText.command("emulate", summary: "the APIMatic-compatible service, on loopback",
                                           usage: "[options]", options: CommandOptions.emulate))
                    return 0
                }
                return await EmulateCommand.run(try EmulateCommand.options(from: parsed), json: parsed.has("json"))
            case "watch":
                let parsed = try ParsedArguments.parse(rest, specs: CommandOptions.watch, command: command)
                if parsed.has("help") {
                    print(HelpText.command("watch", summary: "watch the build directory, regenerate on every save, hot-swap the preview",
                                           usage: "[DIR] [options]", options: CommandOptions.watch))
                    return 0
                }
                let config = try WatchConfig.resolve(parsed, environment: environment, currentDirectory: currentDirectory)
                return await WatchCommand.run(config, environment: environment)
            case "status", "stop":
                let parsed = try ParsedArguments.parse(rest, specs: ControlCommands.options, command: command)
                if parsed.has("help") {
                    print(HelpText.command(command, summary: command == "status" ? "the state of the daemon watching DIR" : "stop the daemon watching DIR cleanly",
                                           usage: "[DIR] [options]", options: ControlCommands.options))
                    return 0
                }
                return command == "status"
                    ? try await ControlCommands.status(parsed, environment: environment, currentDirectory: currentDirectory)
                    : try await ControlCommands.stop(parsed, environment: environment, currentDirectory: currentDirectory)
            case "config":
                let parsed = try ParsedArguments.parse(rest, specs: CommandOptions.watch + [OptionSpec("zip", placeholder: "FILE", help: "")], command: command)
                if parsed.has("help") {
                    print(HelpText.command("config", summary: "the effective configuration and where each value came from",
                                           usage: "[DIR] [options]", options: CommandOptions.watch))
                    return 0
                }
                return try ConfigCommand.run(parsed, environment: environment, currentDirectory: currentDirectory)
            default:
                throw UsageError(command: command, message: "unknown command. Commands: watch, generate, emulate, config, status, stop")
            }
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
