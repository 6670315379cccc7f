import Foundation

/// Finds files the pages refer to (images, downloads) and decides their URL. A file is
/// served at the output root under its build-relative path, so `static/` is copied as is
/// and a picture next to a guide is copied on demand.
final class AssetResolver {
    let buildRoot: URL
    /// "" for a portal at the output root, "../" for a version folder.
    let prefix: String
    private(set) var copies: Set<String> = []
    static let staticFolder = "static"

    init(buildRoot: URL, prefix: String) {
        self.buildRoot = buildRoot
        self.prefix = prefix
    }

    static func isExternal(_ url: String) -> Bool {
        if url.hasPrefix("//") || url.hasPrefix("#") { return true }
        guard let colon = url.firstIndex(of: ":") else { return false }
        return !url[..<colon].contains("/")
    }

    /// `path` as written (no query/fragment), tried relative to `baseFolder`, the build root
    /// and static/. Returns the URL to use, or nil when no such file exists.
    func url(for path: String, baseFolder: String) -> String? {
        let decoded = path.removingPercentEncoding ?? path
        let candidates = decoded.hasPrefix("/")
            ? [BuildPath.normalize(decoded), BuildPath.normalize(Self.staticFolder + decoded)]
            : [BuildPath.normalize(baseFolder + "/" + decoded), BuildPath.normalize(decoded),
               BuildPath.normalize(Self.staticFolder + "/" + decoded)]
        for case let candidate? in candidates where !candidate.isEmpty {
            var isDirectory: ObjCBool = false
            let file = buildRoot.appendingPathComponent(candidate)
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !Self.isSymlink(file) else { continue }
            if !candidate.hasPrefix(Self.staticFolder + "/") { copies.insert(candidate) }
            return prefix + (candidate.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? candidate)
        }
        return nil
    }

    static func isSymlink(_ url: URL) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }
}
