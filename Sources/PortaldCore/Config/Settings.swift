import Foundation

/// Where an effective option value came from (shown by `portald config`).
public enum SettingSource: Sendable, Equatable, CustomStringConvertible {
    case flag
    case environment(String)
    case projectFile(String)
    case userFile(String)

    public var description: String {
        switch self {
        case .flag: "command line"
        case .environment(let name): "environment \(name)"
        case .projectFile(let path): path
        case .userFile(let path): path
        }
    }
}

/// The effective options of one command: flag > env > project file > user file > default
/// (defaults are applied by the reader, which knows each option's type).
public struct Settings: Sendable {
    public private(set) var values: [String: (value: [String], source: SettingSource)] = [:]

    public init(parsed: ParsedArguments, specs: [OptionSpec], environment: [String: String],
                projectFile: URL?, userFile: URL?) throws {
        let known = Set(specs.map(\.name))
        // Lowest precedence first; each layer overwrites the one below.
        for (file, makeSource) in [(userFile, SettingSource.userFile), (projectFile, SettingSource.projectFile)] {
            guard let file, FileManager.default.fileExists(atPath: file.path) else { continue }
            for (key, value) in try Self.readConfigFile(file) where known.contains(key) {
                values[key] = ([value], makeSource(file.path))
            }
        }
        for spec in specs {
            for variable in Self.environmentNames(for: spec.name) {
                if let value = environment[variable], !value.isEmpty {
                    values[spec.name] = ([value], .environment(variable))
                    break
                }
            }
        }
        for (name, given) in parsed.values {
            values[name] = (given, .flag)
        }
    }

    public func string(_ name: String) -> String? { values[name]?.value.last }
    public func strings(_ name: String) -> [String] { values[name]?.value ?? [] }
    public func source(_ name: String) -> SettingSource? { values[name]?.source }

    public func bool(_ name: String) throws -> Bool {
        guard let raw = string(name) else { return false }
        switch raw.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw ConfigError.invalid(name: name, value: raw, expected: "true or false", source: source(name))
        }
    }

    public func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let raw = string(name) else { return fallback }
        guard let number = Int(raw), range.contains(number) else {
            throw ConfigError.invalid(name: name, value: raw,
                                      expected: "a whole number from \(range.lowerBound) to \(range.upperBound)",
                                      source: source(name))
        }
        return number
    }

    /// `PORTALD_POLL_CAP` for `poll-cap`; the APIMatic base URL also comes from APIMATIC_BASE_URL.
    static func environmentNames(for option: String) -> [String] {
        var names = ["PORTALD_" + option.uppercased().replacingOccurrences(of: "-", with: "_")]
        if option == "generator" { names.append("APIMATIC_BASE_URL") }
        return names
    }

    /// A config file is one JSON object; keys are long flag names without dashes.
    static func readConfigFile(_ file: URL) throws -> [(String, String)] {
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw ConfigError.unreadable(path: file.path, reason: error.localizedDescription)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let dictionary = object as? [String: Any] else {
            throw ConfigError.notAnObject(path: file.path)
        }
        return dictionary.sorted { $0.key < $1.key }.compactMap { key, value in
            switch value {
            case let string as String: (key, string)
            case let number as NSNumber:
                // JSON true/false arrive as NSNumber of ObjC type "c"; keep them readable as booleans.
                String(cString: number.objCType) == "c" ? (key, number.boolValue ? "true" : "false") : (key, number.stringValue)
            default: nil
            }
        }
    }
}
