/// What the user typed, after matching against a command's option specs.
public struct ParsedArguments: Sendable, Equatable {
    public var positionals: [String] = []
    /// Every value given per option name, in order (a switch given counts as "true").
    public var values: [String: [String]] = [:]

    public func last(_ name: String) -> String? { values[name]?.last }
    public func all(_ name: String) -> [String] { values[name] ?? [] }
    public func has(_ name: String) -> Bool { values[name] != nil }

    /// Parses `arguments` (without the program and subcommand names). `--` ends options.
    public static func parse(_ arguments: [String], specs: [OptionSpec], command: String) throws -> ParsedArguments {
        var parsed = ParsedArguments()
        let byName = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard !optionsEnded, argument.hasPrefix("--"), argument.count > 2 else {
                if argument == "--" && !optionsEnded { optionsEnded = true; continue }
                if !optionsEnded, argument.hasPrefix("-"), argument != "-" {
                    throw UsageError(command: command, message: "unknown option '\(argument)'")
                }
                parsed.positionals.append(argument)
                continue
            }
            let body = argument.dropFirst(2)
            let name: String
            var inlineValue: String?
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                inlineValue = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
            }
            guard let spec = byName[name] else {
                throw UsageError(command: command, message: "unknown option '--\(name)'")
            }
            switch spec.arity {
            case .switchFlag:
                if inlineValue != nil {
                    throw UsageError(command: command, message: "option '--\(name)' takes no value")
                }
                parsed.values[name, default: []].append("true")
            case .value, .repeated:
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < arguments.count {
                    value = arguments[index]
                    index += 1
                } else {
                    throw UsageError(command: command, message: "option '--\(name)' needs a value (\(spec.placeholder))")
                }
                if spec.arity == .value, parsed.values[name] != nil {
                    throw UsageError(command: command, message: "option '--\(name)' given twice")
                }
                parsed.values[name, default: []].append(value)
            }
        }
        return parsed
    }
}

/// A command line that cannot be understood: exit status 2.
public struct UsageError: Error, Sendable, CustomStringConvertible, Equatable {
    public let command: String
    public let message: String
    public var description: String {
        "portald \(command): \(message)\nRun 'portald \(command) --help' for the options."
    }
}
