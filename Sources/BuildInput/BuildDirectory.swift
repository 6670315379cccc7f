import Foundation

/// The APIMatic build directory: the folder holding `APIMATIC-BUILD.json`.
public struct BuildDirectory: Sendable, Equatable {
    public static let buildFileName = "APIMATIC-BUILD.json"

    /// The build directory itself (what gets zipped).
    public let root: URL
    /// `root/APIMATIC-BUILD.json`.
    public var buildFile: URL { root.appendingPathComponent(Self.buildFileName) }

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// `dir` itself if it holds the build file, else `dir/src` (the APIMatic CLI project layout).
    public static func locate(_ dir: URL) throws -> BuildDirectory {
        let dir = dir.standardizedFileURL
        let candidates = [dir, dir.appendingPathComponent("src")]
        for candidate in candidates where isRegularFile(candidate.appendingPathComponent(buildFileName)) {
            return BuildDirectory(root: candidate)
        }
        let looked = candidates.map { $0.appendingPathComponent(buildFileName).path }
        throw BuildInputError(
            .buildDirectoryNotFound,
            "No \(buildFileName) found in \(dir.path) or \(dir.appendingPathComponent("src").path). "
                + "Point portald at your APIMatic build directory (the folder holding \(buildFileName), "
                + "or a project folder whose src/ holds it), or create \(buildFileName) there.",
            path: dir.path,
            details: looked.map { "looked for \($0)" })
    }

    private static func isRegularFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
