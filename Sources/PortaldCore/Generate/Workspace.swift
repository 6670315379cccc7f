import BuildInput
import Foundation
import Swapper

/// The build directory, its ignore rules, the preview and the state directory of one run.
struct Workspace: Sendable {
    let build: BuildDirectory
    let ignore: IgnoreRules
    let preview: PreviewDirectory
    let previewPath: URL
    let state: StateDirectory

    /// Locates the build input, prepares the state directory, removes stale staging.
    static func open(_ config: GenerateConfig, environment: [String: String], ignoreFile: URL? = nil) throws -> Workspace {
        let build = try BuildDirectory.locate(config.projectDirectory)
        let state = config.stateDirectory.map(StateDirectory.init(root:))
            ?? StateDirectory.default(for: config.projectDirectory, environment: environment)
        try state.prepare()
        let preview = PreviewDirectory(path: config.preview)
        try preview.removeStaleStaging()
        return Workspace(build: build, ignore: try ignoreRules(for: build, file: ignoreFile), preview: preview,
                         previewPath: config.preview, state: state)
    }

    /// Built-in editor/VCS patterns plus the ignore file: `--ignore-file` (must exist), else
    /// `<build>/.portaldignore` when present.
    static func ignoreRules(for build: BuildDirectory, file: URL?) throws -> IgnoreRules {
        if let file { return try IgnoreRules.load(from: file) }
        let fallback = build.root.appendingPathComponent(IgnoreRules.defaultFileName)
        return FileManager.default.fileExists(atPath: fallback.path) ? try IgnoreRules.load(from: fallback) : IgnoreRules()
    }

    /// Parses the build file (a clear error with line and column when it is broken) and
    /// hashes the build input, leaving out the preview and state if they sit inside it.
    func snapshot(cache: HashCache? = nil) throws -> (Snapshot, BuildFile) {
        let buildFile = try BuildFile.load(from: build.buildFile)
        let snapshot = try Snapshot.scan(build, ignore: ignore, excluding: [previewPath, state.root], cache: cache)
        return (snapshot, buildFile)
    }

    /// The watcher's filter: the ignore rules, plus the preview and state directories (and
    /// the preview's staging siblings) when they sit inside the build directory.
    func isIgnored(_ relativePath: String, isDirectory: Bool) -> Bool {
        if ignore.isIgnored(relativePath, isDirectory: isDirectory) { return true }
        let absolute = build.root.path + "/" + relativePath
        for excluded in [previewPath.path, state.root.path] {
            let parent = (excluded as NSString).deletingLastPathComponent
            let name = (excluded as NSString).lastPathComponent
            if absolute == excluded || absolute.hasPrefix(excluded + "/") || absolute.hasPrefix(parent + "/." + name + ".") {
                return true
            }
        }
        return false
    }
}
