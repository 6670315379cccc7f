/// One command-line option: `--name value`, `--name=value`, or a bare `--name` switch.
public struct OptionSpec: Sendable {
    public enum Arity: Sendable { case value, switchFlag, repeated }
    public let name: String
    public let arity: Arity
    public let placeholder: String
    public let help: String

    public init(_ name: String, _ arity: Arity = .value, placeholder: String = "VALUE", help: String) {
        self.name = name
        self.arity = arity
        self.placeholder = placeholder
        self.help = help
    }

    /// The key used in portald.json / config.json and in `portald config`: the flag without dashes.
    public var key: String { name }
}
