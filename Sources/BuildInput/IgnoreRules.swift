import Foundation

/// Which paths of the build directory are not part of the build: editor, VCS and OS litter
/// (built in) plus an optional gitignore-syntax file. Pure and allocation-light, because the
/// watcher asks about every event path as well as the snapshot walk.
public struct IgnoreRules: Sendable {
    /// The ignore file portald reads by default; it is never uploaded itself.
    public static let defaultFileName = ".portaldignore"

    /// Written in gitignore syntax (so `#` needs its backslash).
    public static let builtinPatterns = [
        // vim swap/backup files and its `4913` write probe
        "*.swp", "*.swx", "*.swo", "4913", "*~",
        // JetBrains "safe write" temporaries
        "*___jb_tmp___", "*___jb_old___", "*___jb_bak___",
        // emacs autosave and lock files
        "\\#*#", ".#*",
        // GNOME/GIO atomic-save temporaries
        ".goutputstream-*",
        // OS metadata
        ".DS_Store", "Thumbs.db", "desktop.ini",
        // VCS and tool folders (`.git` is a file in worktrees and submodules)
        ".git", ".hg/", ".svn/", ".idea/", ".vscode/", "node_modules/",
        defaultFileName,
    ]

    struct Rule: Sendable {
        let glob: GlobPattern
        let negated: Bool
        let directoryOnly: Bool
        /// Contains a `/`: matched against the whole relative path, else against the last component.
        let anchored: Bool
    }

    let rules: [Rule]

    /// Only the built-in patterns.
    public init() {
        self.init(gitignore: "", builtins: true)
    }

    public init(gitignore text: String, builtins: Bool = true) {
        var lines = builtins ? Self.builtinPatterns : []
        lines += text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        rules = lines.compactMap(Self.parse)
    }

    /// Reads a gitignore-syntax file (e.g. `.portaldignore`) on top of the built-ins.
    public static func load(from url: URL, builtins: Bool = true) throws -> IgnoreRules {
        do {
            let bytes = try POSIXFiles.readAll(url.path)
            return IgnoreRules(gitignore: String(decoding: bytes, as: UTF8.self), builtins: builtins)
        } catch {
            throw BuildInputError(
                .ignoreFile,
                "Cannot read the ignore file \(url.path): \(error.text). Fix its permissions or pass another --ignore-file.",
                path: url.path)
        }
    }

    /// `relativePath` uses `/` and is relative to the build directory root. A path inside an
    /// ignored directory is ignored too (as in git, a negation can't re-include it).
    public func isIgnored(_ relativePath: String, isDirectory: Bool) -> Bool {
        var path = Array(relativePath.utf8)[...]
        let slash = UInt8(ascii: "/")
        while path.starts(with: [UInt8(ascii: "."), slash]) { path = path.dropFirst(2) }
        while path.first == slash { path = path.dropFirst() }
        while path.last == slash { path = path.dropLast() }
        if path.isEmpty { return false }
        var index = path.startIndex
        while let cut = path[index...].firstIndex(of: slash) {
            if decide(path[..<cut], isDirectory: true) { return true }
            index = cut + 1
        }
        return decide(path, isDirectory: isDirectory)
    }

    /// The last rule that matches decides, as in git.
    private func decide(_ path: ArraySlice<UInt8>, isDirectory: Bool) -> Bool {
        let name = path.lastIndex(of: UInt8(ascii: "/")).map { path[($0 + 1)...] } ?? path
        for rule in rules.reversed() where !rule.directoryOnly || isDirectory {
            if rule.glob.matches(rule.anchored ? path : name) { return !rule.negated }
        }
        return false
    }

    private static func parse(_ line: String) -> Rule? {
        var text = Substring(line)
        if text.hasSuffix("\r") { text.removeLast() }
        // Trailing spaces go unless escaped with a backslash.
        while text.hasSuffix(" ") && !text.hasSuffix("\\ ") { text.removeLast() }
        if text.isEmpty || text.hasPrefix("#") { return nil }
        var negated = false
        if text.hasPrefix("!") {
            negated = true
            text.removeFirst()
        }
        var directoryOnly = false
        while text.hasSuffix("/") {
            directoryOnly = true
            text.removeLast()
        }
        let anchored = text.contains("/")
        while text.hasPrefix("/") { text.removeFirst() }
        if text.isEmpty { return nil }
        return Rule(glob: GlobPattern(String(text)), negated: negated, directoryOnly: directoryOnly, anchored: anchored)
    }
}
