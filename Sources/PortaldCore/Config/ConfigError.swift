import Diagnostics

/// A bad option value or config file: what is wrong, where it came from, what to write instead.
public enum ConfigError: UserFacingError, Equatable {
    case invalid(name: String, value: String, expected: String, source: SettingSource?)
    case unreadable(path: String, reason: String)
    case notAnObject(path: String)
    case keyFile(path: String, problem: String)

    public var kind: String { "config" }

    public var message: String {
        switch self {
        case .invalid(let name, let value, let expected, let source):
            let origin = source.map { " (from \($0))" } ?? ""
            return "Invalid value '\(value)' for --\(name)\(origin): expected \(expected)."
        case .unreadable(let path, let reason):
            return "Cannot read the config file \(path): \(reason). Fix its permissions or remove it."
        case .notAnObject(let path):
            return "The config file \(path) is not a JSON object. Write it as {\"option-name\": value, ...} with the long flag names as keys."
        case .keyFile(let path, let problem):
            return "Cannot use the API key file \(path): \(problem)"
        }
    }
}
