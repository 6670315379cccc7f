import Foundation

/// One entry of content/toc.yml.
indirect enum TocEntry: Sendable {
    case group(title: String, items: [TocEntry])
    /// `file` is content-folder relative and normalised.
    case page(title: String?, file: String)
    /// All Markdown of `folder` (content relative; "" is the content folder itself).
    case dir(title: String, folder: String)
    case generated(title: String, kind: GeneratedPage)
}

enum GeneratedPage: String, Sendable {
    case endpoints, models
    case gettingStarted = "getting-started"
}

/// Reads APIMatic's toc.yml: `toc:` (or a bare top-level list) of `group`+`items`,
/// `page`+`file`, `dir` (optionally with `path`/`from` naming the folder) and
/// `generate`+`from` (`endpoints`, `models`, `getting-started`). Problems are collected under
/// the toc file's build-relative path, with line and column.
struct TocParser {
    let contentRoot: URL
    /// Build-relative name of the toc file, the key for problems ("content/toc.yml").
    let key: String
    let problems: Problems

    static func tocFile(in contentRoot: URL) -> URL? {
        for name in ["toc.yml", "toc.yaml"] {
            let url = contentRoot.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    func parse(_ bytes: [UInt8]) -> [TocEntry] {
        let document: Value
        do {
            document = try YAMLParser.parse(bytes)
        } catch {
            problems.add(key, "\(error.text) (invalid YAML).")
            return []
        }
        if case .null = document { return [] }
        guard let list = document["toc"]?.array ?? document.array else {
            problems.add(key, "expected a `toc:` list of entries (group, page, dir, generate).")
            return []
        }
        return entries(list, path: "toc")
    }

    private func entries(_ list: [Value], path: String) -> [TocEntry] {
        list.enumerated().compactMap { index, item in entry(item, path: "\(path)[\(index)]") }
    }

    private func entry(_ item: Value, path: String) -> TocEntry? {
        if let file = item.text { return page(title: nil, file: file, at: path) }
        guard let object = item.object else {
            problems.add(key, "\(path): an entry must be a mapping such as `page:` with `file:`.")
            return nil
        }
        let at = object.location.isEmpty ? path : "\(object.location) (\(path))"
        if let title = object["group"]?.text {
            return .group(title: title, items: entries(object["items"]?.array ?? [], path: "\(path).items"))
        }
        if let title = object["generate"]?.text {
            guard let from = object["from"]?.text else {
                problems.add(key, "\(at): generate \"\(title)\" needs `from:` (endpoints, models or getting-started).")
                return nil
            }
            guard let kind = GeneratedPage(rawValue: from.lowercased()) else {
                problems.add(key, "\(at): generate \"\(title)\" has unknown from: \"\(from)\"; use endpoints, models or getting-started.")
                return nil
            }
            return .generated(title: title, kind: kind)
        }
        if let name = object["dir"]?.text {
            return dir(name: name, folder: (object["path"] ?? object["from"] ?? object["folder"])?.text, at: at)
        }
        if let file = object["file"]?.text {
            return page(title: object["page"]?.text, file: file, at: at)
        }
        if let title = object["page"]?.text {
            problems.add(key, "\(at): page \"\(title)\" has no `file:`; add the Markdown file's path relative to the content folder.")
            return nil
        }
        problems.add(key, "\(at): unknown entry (keys: \(object.keys.joined(separator: ", "))); use group, page, dir or generate.")
        return nil
    }

    private func page(title: String?, file: String, at: String) -> TocEntry? {
        guard let normalized = BuildPath.normalize(file) else {
            problems.add(key, "\(at): file \"\(file)\" points outside the content folder.")
            return nil
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: contentRoot.appendingPathComponent(normalized).path, isDirectory: &isDirectory)
        guard exists, !isDirectory.boolValue else {
            let label = title.map { "page \"\($0)\"" } ?? "entry"
            problems.add(key, "\(at): \(label) names file \"\(file)\", which does not exist in the content folder; create it or fix the path.")
            return nil
        }
        return .page(title: title, file: normalized)
    }

    private func dir(name: String, folder: String?, at: String) -> TocEntry? {
        let candidates = folder.map { [$0] } ?? [name, Slug.make(name), name.lowercased()]
        for candidate in candidates {
            guard let normalized = BuildPath.normalize(candidate) else { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: contentRoot.appendingPathComponent(normalized).path, isDirectory: &isDirectory),
               isDirectory.boolValue {
                let title = folder == nil && candidate == name ? Humanize.title(fromPath: name) : name
                return .dir(title: title, folder: normalized)
            }
        }
        problems.add(key, "\(at): dir \"\(folder ?? name)\" is not a folder in the content folder; create it or fix the name.")
        return nil
    }
}

enum Humanize {
    /// "guides/getting_started.md" -> "Getting started".
    static func title(fromPath path: String) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        for suffix in [".md", ".markdown"] where name.lowercased().hasSuffix(suffix) { name.removeLast(suffix.count) }
        let spaced = name.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        guard let first = spaced.first else { return path }
        return first.uppercased() + spaced.dropFirst()
    }
}
