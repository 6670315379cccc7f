/// `portald --help` and `portald <cmd> --help`.
enum HelpText {
    static let version = "0.1.0"

    static let main = """
    portald \(version): live preview of an APIMatic documentation portal

    usage:
      portald watch    [DIR] [options]   the daemon: watch, regenerate on every save, hot-swap, serve
      portald generate [DIR] [options]   one generation into the preview directory, then exit (CI)
      portald emulate        [options]   the APIMatic-compatible service, on loopback
      portald config   [DIR] [options]   the effective configuration and where each value came from
      portald status   [DIR]             the state of the daemon watching DIR
      portald stop     [DIR]             stop the daemon watching DIR cleanly

    DIR (default .) is the build directory (holds APIMATIC-BUILD.json) or a folder whose
    src/ is the build directory. With no API key (APIMATIC_API_KEY or --auth-key-file), the
    built-in generator renders the portal locally.

    Run 'portald <command> --help' for a command's options; 'portald --version' for the version.
    """

    static func command(_ name: String, summary: String, usage: String, options: [OptionSpec]) -> String {
        var text = "portald \(name): \(summary)\n\nusage: portald \(name) \(usage)\n\noptions:\n"
        for spec in options {
            let flag = spec.arity == .switchFlag ? "--\(spec.name)" : "--\(spec.name) \(spec.placeholder)"
            text += "  " + flag.padding(toLength: max(26, flag.count + 2), withPad: " ", startingAt: 0) + spec.help + "\n"
        }
        text += "\nOptions also come from DIR/portald.json and $XDG_CONFIG_HOME/portald/config.json\n"
        text += "(keys: the long flag names without dashes) and env PORTALD_<NAME>; flags win.\n"
        return text
    }
}
