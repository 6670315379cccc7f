import Foundation

/// `portald watch`: the generate options plus the daemon's own (CLI.md, "watch only").
public struct WatchConfig: Sendable {
    public var generate: GenerateConfig
    public var serve: Bool
    public var host: String
    public var port: UInt16
    public var open: Bool
    public var liveReload: Bool
    public var debounce: Duration
    public var maxWait: Duration
    public var ignoreFile: URL?

    static func resolve(_ parsed: ParsedArguments, specs: [OptionSpec] = CommandOptions.watch, command: String = "watch",
                        environment: [String: String], currentDirectory: URL) throws -> WatchConfig {
        let generate = try GenerateConfig.resolve(parsed, specs: specs, command: command,
                                                  environment: environment, currentDirectory: currentDirectory)
        let settings = generate.settings
        var ignoreFile = settings.string("ignore-file").map { URL(fileURLWithPath: $0, relativeTo: currentDirectory).standardizedFileURL }
        if let file = ignoreFile, !FileManager.default.fileExists(atPath: file.path) {
            throw ConfigError.invalid(name: "ignore-file", value: file.path, expected: "an existing file", source: settings.source("ignore-file"))
        }
        let projectIgnore = generate.projectDirectory.appendingPathComponent(".portaldignore")
        if ignoreFile == nil, FileManager.default.fileExists(atPath: projectIgnore.path) { ignoreFile = projectIgnore }
        let debounce = try settings.integer("debounce", default: 100, range: 0...60_000)
        let maxWait = try settings.integer("max-wait", default: 2000, range: 1...600_000)
        guard maxWait >= debounce else {
            throw ConfigError.invalid(name: "max-wait", value: "\(maxWait)", expected: "at least --debounce (\(debounce))",
                                      source: settings.source("max-wait"))
        }
        return WatchConfig(
            generate: generate,
            serve: !(try settings.bool("no-serve")),
            host: settings.string("host") ?? "127.0.0.1",
            port: UInt16(try settings.integer("port", default: 23513, range: 0...65535)),
            open: try settings.bool("open"),
            liveReload: !(try settings.bool("no-reload")),
            debounce: .milliseconds(debounce),
            maxWait: .milliseconds(maxWait),
            ignoreFile: ignoreFile)
    }
}
