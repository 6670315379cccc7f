/// The option tables of CLI.md, one per subcommand.
enum CommandOptions {
    static let help = OptionSpec("help", .switchFlag, help: "show this help")

    static let shared: [OptionSpec] = [
        OptionSpec("preview", placeholder: "DIR", help: "where the extracted portal lives (default: <DIR>/portal beside src/, else ./portal)"),
        OptionSpec("generator", placeholder: "URL|builtin", help: "APIMatic base URL, or the built-in generator (default: APIMatic if a key is set, else builtin)"),
        OptionSpec("auth-key-file", placeholder: "FILE", help: "read the API key from FILE (mode 0600 or stricter); default: env APIMATIC_API_KEY"),
        OptionSpec("callback-url", placeholder: "URL", help: "public URL that reaches --callback-listen (callback mode instead of polling)"),
        OptionSpec("callback-listen", placeholder: "HOST:PORT", help: "where the callback receiver listens (default 127.0.0.1:0)"),
        OptionSpec("poll-cap", placeholder: "MS", help: "longest interval between status polls (default 3000)"),
        OptionSpec("timeout", placeholder: "S", help: "give up on one generation after S seconds (default 1800)"),
        OptionSpec("state-dir", placeholder: "DIR", help: "working files and build reports (default $XDG_STATE_HOME/portald/<project>)"),
        OptionSpec("json", .switchFlag, help: "JSON-lines events on stdout"),
        OptionSpec("quiet", .switchFlag, help: "only errors on stderr"),
        OptionSpec("verbose", .switchFlag, help: "every status change on stderr"),
        help,
    ]

    static let zip = OptionSpec("zip", placeholder: "FILE", help: "also keep the downloaded portal zip at FILE")
    static let generate: [OptionSpec] = shared + [zip]

    static let watch: [OptionSpec] = shared + [
        OptionSpec("port", placeholder: "N", help: "preview server port, 0 = any free port (default 23513)"),
        OptionSpec("host", placeholder: "ADDR", help: "preview server address (default 127.0.0.1)"),
        OptionSpec("no-serve", .switchFlag, help: "keep the preview directory fresh, serve nothing"),
        OptionSpec("open", .switchFlag, help: "open the preview in the browser once live"),
        OptionSpec("no-reload", .switchFlag, help: "serve without the live-reload script"),
        OptionSpec("debounce", placeholder: "MS", help: "quiet period after the last change (default 100)"),
        OptionSpec("max-wait", placeholder: "MS", help: "longest a stream of changes can delay a build (default 2000)"),
        OptionSpec("ignore-file", placeholder: "FILE", help: "gitignore-syntax ignore rules (default <DIR>/.portaldignore if present)"),
    ]

    static let emulate: [OptionSpec] = [
        OptionSpec("listen", placeholder: "HOST:PORT", help: "address to listen on (default 127.0.0.1:0; the URL is printed)"),
        OptionSpec("allow-remote", .switchFlag, help: "allow a non-loopback --listen address"),
        OptionSpec("latency", placeholder: "MS", help: "simulated generation time (default 0); MS,MS,... sets it per job in submit order, the last repeating"),
        OptionSpec("key", placeholder: "KEY", help: "require this key in X-Auth-Key (default: any non-empty key)"),
        OptionSpec("renderer", placeholder: "builtin|echo", help: "builtin: render real portals (default); echo: a page listing the upload, with every file echoed under src/"),
        OptionSpec("fault", .repeated, placeholder: "SPEC", help: "inject a fault, e.g. status-5xx=2, fail=validation, zip=slip (repeatable)"),
        OptionSpec("json", .switchFlag, help: "print the ready event as JSON on stdout"),
        help,
    ]
}
