/// The extractor's own rules, checked before libarchive writes anything: only plain files and
/// directories, with clean relative paths, each path claimed once.
struct EntryPolicy {
    let archivePath: String
    private var files: Set<String> = []
    private var directories: Set<String> = []

    init(archivePath: String) { self.archivePath = archivePath }

    /// Returns the entry's normalized relative path (no trailing slash) or throws why not.
    mutating func admit(_ entry: RawEntry) throws(ArchiveError) -> String {
        let name = entry.displayPath
        func reject(_ rule: ArchiveError.Rule, _ detail: String) -> ArchiveError {
            .unsafe(rule, archive: archivePath, entry: name, detail: detail)
        }
        guard let path = entry.path else { throw reject(.badPathSyntax, "the name is not valid UTF-8") }
        let relative = try Self.normalize(path, reject: reject)

        switch entry.kind {
        case .file, .directory: break
        case .symlink: throw reject(.symlink, "it points to '\(entry.linkTarget ?? "")'; only files and directories are allowed")
        case .hardlink: throw reject(.hardlink, "it links to '\(entry.linkTarget ?? "")'; only files and directories are allowed")
        case .other: throw reject(.specialFile, "only files and directories are allowed")
        }

        // A file must not reappear, shadow a directory, or sit where a parent directory goes.
        let components = relative.split(separator: "/")
        var parent = ""
        for component in components.dropLast() {
            parent += parent.isEmpty ? String(component) : "/" + component
            if files.contains(parent) { throw reject(.duplicateEntry, "'\(parent)' is already a file") }
            directories.insert(parent)
        }
        if entry.kind == .file {
            if files.contains(relative) || directories.contains(relative) {
                throw reject(.duplicateEntry, "'\(relative)' appears more than once")
            }
            files.insert(relative)
        } else {
            if files.contains(relative) { throw reject(.duplicateEntry, "'\(relative)' is already a file") }
            directories.insert(relative)
        }
        return relative
    }

    static func normalize(_ path: String,
                          reject: (ArchiveError.Rule, String) -> ArchiveError) throws(ArchiveError) -> String {
        if path.isEmpty { throw reject(.badPathSyntax, "the name is empty") }
        if path.hasPrefix("/") { throw reject(.absolutePath, "paths must be relative to the portal root") }
        if path.contains("\\") { throw reject(.badPathSyntax, "backslashes are not allowed in names") }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw reject(.badPathSyntax, "control characters are not allowed in names")
        }
        if path.utf8.count > 4000 { throw reject(.badPathSyntax, "the name is too long") }
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let components = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        for component in components {
            if component == ".." { throw reject(.parentReference, "paths must stay inside the portal root") }
            if component.isEmpty { throw reject(.badPathSyntax, "empty path component ('//')") }
            if component == "." { throw reject(.badPathSyntax, "'.' path component") }
            if component.utf8.count > 255 { throw reject(.badPathSyntax, "a path component is longer than 255 bytes") }
        }
        return trimmed
    }
}
