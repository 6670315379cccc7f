import APIMatic
import Foundation

/// Which service generates the portal.
public enum GeneratorChoice: Sendable, Equatable, CustomStringConvertible {
    case builtin
    case remote(URL)

    public static let apimaticBaseURL = URL(string: "https://api.apimatic.io")!

    public var description: String {
        switch self {
        case .builtin: "builtin"
        case .remote(let url): url.absoluteString
        }
    }
}

/// Everything one generation needs, resolved from flags, env, config files and defaults.
public struct GenerateConfig: Sendable {
    public var projectDirectory: URL
    public var preview: URL
    public var zipCopy: URL?
    public var generator: GeneratorChoice
    public var key: APIKey?
    public var callbackURL: URL?
    public var callbackListen: String
    public var pollCap: Duration
    public var timeout: Duration
    public var stateDirectory: URL?
    public var json: Bool
    public var verbosity: Verbosity
    /// Every option's raw value and where it came from, for the command's own extra options
    /// and `portald config`.
    public var settings: Settings

    static func resolve(_ parsed: ParsedArguments, specs: [OptionSpec], command: String,
                        environment: [String: String], currentDirectory: URL) throws -> GenerateConfig {
        guard parsed.positionals.count <= 1 else {
            throw UsageError(command: command, message: "expected at most one DIR, got \(parsed.positionals.joined(separator: " "))")
        }
        let project = URL(fileURLWithPath: parsed.positionals.first ?? ".", relativeTo: currentDirectory).standardizedFileURL
        let settings = try Settings(parsed: parsed, specs: specs, environment: environment,
                                    projectFile: project.appendingPathComponent("portald.json"),
                                    userFile: userConfigFile(environment))
        func path(_ name: String) -> URL? {
            settings.string(name).map { URL(fileURLWithPath: $0, relativeTo: currentDirectory).standardizedFileURL }
        }
        let key = try APIKeyLoader.load(keyFile: path("auth-key-file")?.path, environment: environment)
        let generator = try generatorChoice(settings, key: key)
        let quiet = try settings.bool("quiet"), verbose = try settings.bool("verbose")
        if quiet && verbose { throw UsageError(command: command, message: "--quiet and --verbose exclude each other") }
        let hasSrc = FileManager.default.fileExists(atPath: project.appendingPathComponent("src/APIMATIC-BUILD.json").path)
        let defaultPreview = hasSrc ? project.appendingPathComponent("portal") : currentDirectory.appendingPathComponent("portal")
        return GenerateConfig(
            projectDirectory: project,
            preview: path("preview") ?? defaultPreview.standardizedFileURL,
            zipCopy: path("zip"),
            generator: generator,
            key: key,
            callbackURL: try settings.string("callback-url").map { try httpURL($0, option: "callback-url", settings) },
            callbackListen: settings.string("callback-listen") ?? "127.0.0.1:0",
            pollCap: .milliseconds(try settings.integer("poll-cap", default: 3000, range: 10...600_000)),
            timeout: .seconds(try settings.integer("timeout", default: 1800, range: 1...86_400)),
            stateDirectory: path("state-dir"),
            json: try settings.bool("json"),
            verbosity: quiet ? .quiet : verbose ? .verbose : .normal,
            settings: settings)
    }

    private static func generatorChoice(_ settings: Settings, key: APIKey?) throws -> GeneratorChoice {
        guard let raw = settings.string("generator") else {
            return key == nil ? .builtin : .remote(GeneratorChoice.apimaticBaseURL)
        }
        if raw == "builtin" { return .builtin }
        let url = try httpURL(raw, option: "generator", settings)
        guard key != nil else {
            throw ConfigError.invalid(name: "generator", value: raw,
                                      expected: "an API key to go with it: set APIMATIC_API_KEY or use --auth-key-file FILE, or use --generator builtin to render locally",
                                      source: settings.source("generator"))
        }
        return .remote(url)
    }

    private static func httpURL(_ raw: String, option: String, _ settings: Settings) throws -> URL {
        guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              url.host?.isEmpty == false else {
            throw ConfigError.invalid(name: option, value: raw, expected: "an http:// or https:// URL", source: settings.source(option))
        }
        return url
    }

    static func userConfigFile(_ environment: [String: String]) -> URL? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("portald/config.json")
        }
        return environment["HOME"].map { URL(fileURLWithPath: $0).appendingPathComponent(".config/portald/config.json") }
    }
}
