import Foundation

/// `portald config [DIR]`: every option's effective value and where it came from.
enum ConfigCommand {
    static func run(_ parsed: ParsedArguments, environment: [String: String], currentDirectory: URL) throws -> Int32 {
        let config = try WatchConfig.resolve(parsed, specs: CommandOptions.watch + [CommandOptions.zip], command: "config",
                                             environment: environment, currentDirectory: currentDirectory)
        let settings = config.generate.settings
        let effective: [(String, String)] = [
            ("preview", config.generate.preview.path),
            ("generator", config.generate.generator.description),
            ("auth-key", config.generate.key == nil ? "not set" : "set (hidden)"),
            ("callback-url", config.generate.callbackURL?.absoluteString ?? "none (polling)"),
            ("poll-cap", "\(Lap.milliseconds(config.generate.pollCap)) ms"),
            ("timeout", "\(Lap.milliseconds(config.generate.timeout) / 1000) s"),
            ("port", config.serve ? "\(config.port)" : "not serving"),
            ("host", config.host),
            ("debounce", "\(Lap.milliseconds(config.debounce)) ms"),
            ("max-wait", "\(Lap.milliseconds(config.maxWait)) ms"),
            ("ignore-file", config.ignoreFile?.path ?? "none"),
        ]
        print("portald config for \(config.generate.projectDirectory.path)")
        for (name, value) in effective {
            let key = name == "auth-key" ? "auth-key-file" : name
            let source = name == "auth-key" && settings.source(key) == nil
                ? (environment[APIKeyLoader.environmentVariable] != nil ? "environment APIMATIC_API_KEY" : "default")
                : settings.source(key)?.description ?? "default"
            print("  " + name.padding(toLength: 14, withPad: " ", startingAt: 0) + value + "  (" + source + ")")
        }
        return 0
    }
}
