import Foundation

/// The guides: every Markdown file of the content folder rendered to a page (files not in
/// the toc too, so links to them work), and the sidebar built from toc.yml.
struct GuidePages {
    struct Guide {
        let path: String          // content relative
        let file: String          // output page
        var rendered: MarkdownRenderer.Rendered?
    }

    let buildRoot: URL
    let contentPath: String
    let assets: AssetResolver
    private(set) var guides: [String: Guide] = [:]
    private(set) var order: [String] = []

    init(buildRoot: URL, contentPath: String, assets: AssetResolver, files: inout SlugSet) {
        self.buildRoot = buildRoot
        self.contentPath = contentPath
        self.assets = assets
        for path in Self.markdownFiles(in: buildRoot.appendingPathComponent(contentPath)) {
            let stem = path.replacingOccurrences(of: ".markdown", with: "").replacingOccurrences(of: ".md", with: "")
            guides[path] = Guide(path: path, file: files.unique("guide-" + Slug.make(stem)) + ".html")
            order.append(path)
        }
    }

    static func isMarkdown(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".md") || lower.hasSuffix(".markdown")
    }

    /// Content-relative Markdown paths, sorted.
    static func markdownFiles(in folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { enumerator.skipDescendants(); continue }
            if isMarkdown(name), !AssetResolver.isSymlink(folder.appendingPathComponent(relative)) { paths.append(relative) }
        }
        return paths.sorted()
    }

    mutating func renderAll() {
        let linkTargets = self   // file names are fixed by now; rendering only adds HTML
        for path in order {
            guard let data = FileManager.default.contents(atPath: buildRoot.appendingPathComponent(contentPath).appendingPathComponent(path).path) else { continue }
            let folder = BuildPath.directory(of: path)
            let rendered = MarkdownRenderer.render(String(decoding: data, as: UTF8.self)) { url, kind in
                linkTargets.rewrite(url, kind: kind, folder: folder)
            }
            guides[path]?.rendered = rendered
        }
    }

    /// .md links go to the rendered page (keeping #fragment); images and other local files
    /// go to their copied location; everything else is left as written.
    private func rewrite(_ url: String, kind: MarkdownRenderer.LinkKind, folder: String) -> String? {
        guard !url.isEmpty, !AssetResolver.isExternal(url) else { return nil }
        var path = url
        var suffix = ""
        if let cut = path.firstIndex(where: { $0 == "#" || $0 == "?" }) {
            suffix = String(path[cut...])
            path = String(path[..<cut])
        }
        if kind == .link, Self.isMarkdown(path) {
            let decoded = path.removingPercentEncoding ?? path
            let target = decoded.hasPrefix("/") ? BuildPath.normalize(decoded) : BuildPath.normalize(folder + "/" + decoded)
            guard let target, let guide = guides[target] else { return nil }
            return guide.file + (suffix.hasPrefix("#") ? suffix : "")
        }
        return assets.url(for: path, baseFolder: BuildPath.join(contentPath, folder)).map { $0 + suffix }
    }

    func title(of path: String, given: String? = nil) -> String {
        given ?? guides[path]?.rendered?.title ?? Humanize.title(fromPath: path)
    }

    func page(for path: String, title given: String? = nil) -> Page? {
        guard let guide = guides[path], let rendered = guide.rendered else { return nil }
        let sections = rendered.headings.filter { $0.level == 2 }.map { ($0.text, $0.id) }
        return Page(file: guide.file, title: title(of: path, given: given), body: rendered.html, sections: sections)
    }

    /// Nav items for a folder: its own files first, then one group per subfolder.
    func folderItems(_ folder: String) -> [NavItem] {
        let prefix = folder.isEmpty ? "" : folder + "/"
        var files: [NavItem] = []
        var subfolders: [String] = []
        for path in order where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") {
                let sub = prefix + rest[..<slash]
                if subfolders.last != sub { subfolders.append(sub) }
            } else if let guide = guides[path] {
                files.append(.link(title: title(of: path), file: guide.file, children: []))
            }
        }
        return files + subfolders.map { .group(title: Humanize.title(fromPath: $0), items: folderItems($0)) }
    }

    func file(of path: String) -> String? { guides[path]?.file }
}
