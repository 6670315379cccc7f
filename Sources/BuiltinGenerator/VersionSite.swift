import HTMLEscaping
import Foundation

/// Everything of one portal version (or the whole portal when unversioned): read and checked
/// in `prepare`, written in `write` only once every version came through without problems.
final class VersionSite {
    private let buildRoot: URL
    private let settings: BuildSettings
    private let version: BuildSettings.Version
    private let prefix: String
    private let versionLinks: [SiteLayout.VersionLink]
    private let problems: Problems
    private let generatedLimit = 60

    private var pages: [Page] = []
    private var nav: [NavItem] = []
    private var search = SearchIndex()
    private var assets: AssetResolver
    private var logoURL: String?
    private var faviconURL: String?

    init(buildRoot: URL, settings: BuildSettings, version: BuildSettings.Version, versioned: Bool, problems: Problems) {
        self.buildRoot = buildRoot
        self.settings = settings
        self.version = version
        self.prefix = versioned ? "../" : ""
        self.versionLinks = versioned ? settings.versions.compactMap { v in v.name.map { .init(name: $0, slug: v.slug) } } : []
        self.problems = problems
        self.assets = AssetResolver(buildRoot: buildRoot, prefix: versioned ? "../" : "")
    }

    var copies: Set<String> { assets.copies }

    func prepare() {
        let specs = SpecLoader.load(root: buildRoot, version: version, problems: problems)
        let resolver = RefResolver(documents: specs.documents)
        resolver.validateAll(problems: problems)
        var reference = APIReader(specs: specs, resolver: resolver).read()
        let hasAPI = !specs.isEmpty

        var files = SlugSet()
        for reserved in ["index", "endpoints", "models", "getting-started", "search-index"] { _ = files.unique(reserved) }
        OperationPages.assignFiles(&reference, files: &files)

        var guides = GuidePages(buildRoot: buildRoot, contentPath: version.contentPath, assets: assets, files: &files)
        guides.renderAll()

        let contentRoot = buildRoot.appendingPathComponent(version.contentPath)
        var titles: [GeneratedPage: String] = [:]
        var guideTitles: [String: String] = [:]
        if let tocURL = TocParser.tocFile(in: contentRoot) {
            let key = BuildPath.join(version.contentPath, tocURL.lastPathComponent)
            let entries = TocParser(contentRoot: contentRoot, key: key, problems: problems)
                .parse(Array(FileManager.default.contents(atPath: tocURL.path) ?? Data()))
            nav = navItems(entries, guides: guides, reference: reference, titles: &titles, guideTitles: &guideTitles)
            for (kind, title) in titles.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !hasAPI {
                problems.add(key, "generate \"\(title)\" from \(kind.rawValue) needs an API definition, but \(version.specPath)/ has none; add an OpenAPI file there or remove the entry.")
            }
        } else {
            nav = guides.folderItems("")
            if hasAPI {
                nav.append(.link(title: "Getting Started", file: SiteFiles.gettingStarted, children: []))
                nav.append(.link(title: "API Endpoints", file: SiteFiles.endpoints, children: tagLinks(reference)))
                if !reference.models.isEmpty { nav.append(.link(title: "Models", file: SiteFiles.models, children: [])) }
            }
        }

        for path in guides.order {
            guard let page = guides.page(for: path, title: guideTitles[path]) else { continue }
            pages.append(page)
            search.add(title: page.title, url: page.file, kind: "guide", detail: "Guide")
        }
        if hasAPI { addAPIPages(reference, resolver: resolver, titles: titles) }

        logoURL = settings.logoURL.flatMap(localAsset)
        faviconURL = settings.faviconURL.flatMap(localAsset)
    }

    /// Only local files or inline data: the portal never loads anything from another host.
    private func localAsset(_ url: String) -> String? {
        if url.hasPrefix("data:image/") { return url }
        if AssetResolver.isExternal(url) { return nil }
        return assets.url(for: url, baseFolder: "")
    }

    private func addAPIPages(_ reference: APIReference, resolver: RefResolver, titles: [GeneratedPage: String]) {
        let markdown = MarkdownCache()
        let schemas = SchemaRenderer(resolver: resolver, reference: reference, modelsPage: SiteFiles.models, markdown: markdown)
        let operations = OperationPages(reference: reference, schemas: schemas, markdown: markdown)
        let models = ModelPages(reference: reference, schemas: schemas, markdown: markdown)
        let endpointsTitle = titles[.endpoints] ?? "API Endpoints"
        let modelsTitle = titles[.models] ?? "Models"
        let startTitle = titles[.gettingStarted] ?? "Getting Started"
        pages.append(models.gettingStarted(title: startTitle, operations: operations))
        pages.append(operations.overview(title: endpointsTitle))
        search.add(title: startTitle, url: SiteFiles.gettingStarted, kind: "page", detail: "Getting started")
        search.add(title: endpointsTitle, url: SiteFiles.endpoints, kind: "page", detail: "API reference")
        for tag in reference.tags {
            pages.append(operations.tagPage(tag))
            search.add(title: tag.name, url: tag.page, kind: "tag", detail: "Endpoint group")
            for operation in tag.operations {
                search.add(title: operation.title, url: "\(tag.page)#\(operation.anchor)", kind: "operation",
                           detail: "\(operation.method.uppercased()) \(operation.path)")
            }
        }
        pages.append(models.modelsPage(title: modelsTitle))
        search.add(title: modelsTitle, url: SiteFiles.models, kind: "page", detail: "Models")
        for model in reference.models {
            search.add(title: model.name, url: "\(SiteFiles.models)#\(model.anchor)", kind: "model", detail: "Model")
        }
    }

    private func tagLinks(_ reference: APIReference) -> [NavItem] {
        // Past a limit the overview page lists the groups; a sidebar repeated on every page
        // must not grow with the API, or the site would grow quadratically.
        guard reference.tags.count <= generatedLimit else { return [] }
        return reference.tags.map { .link(title: $0.name, file: $0.page, children: []) }
    }

    private func navItems(_ entries: [TocEntry], guides: GuidePages, reference: APIReference,
                          titles: inout [GeneratedPage: String], guideTitles: inout [String: String]) -> [NavItem] {
        entries.compactMap { entry -> NavItem? in
            switch entry {
            case .group(let title, let items):
                return .group(title: title, items: navItems(items, guides: guides, reference: reference,
                                                            titles: &titles, guideTitles: &guideTitles))
            case .page(let title, let path):
                guard let file = guides.file(of: path) else { return nil }
                if let title, guideTitles[path] == nil { guideTitles[path] = title }
                return .link(title: guides.title(of: path, given: title), file: file, children: [])
            case .dir(let title, let folder):
                return .group(title: title, items: guides.folderItems(folder))
            case .generated(let title, let kind):
                if titles[kind] == nil { titles[kind] = title }
                switch kind {
                case .endpoints: return .link(title: title, file: SiteFiles.endpoints, children: tagLinks(reference))
                case .models: return .link(title: title, file: SiteFiles.models, children: [])
                case .gettingStarted: return .link(title: title, file: SiteFiles.gettingStarted, children: [])
                }
            }
        }
    }

    func write(to folder: URL, writer: OutputWriter) throws {
        let layout = SiteLayout(siteTitle: settings.pageTitle, navTitle: settings.navTitle, prefix: prefix, nav: nav,
                                logoURL: logoURL, faviconURL: faviconURL, versions: versionLinks, currentVersion: version.name,
                                pager: Pager(nav: nav))
        var first: Page?
        let firstFile = nav.lazy.compactMap(\.firstFile).first
        for page in pages {
            try writer.write(layout.render(page), to: folder.appendingPathComponent(page.file))
            if page.file == firstFile { first = page }
        }
        let home = first ?? pages.first ?? Page(file: "index.html", title: settings.pageTitle, body:
            "<h1>\(HTML.escape(settings.pageTitle))</h1><p>Nothing to show yet: add Markdown guides to "
            + "<code>\(HTML.escape(version.contentPath))/</code> or an OpenAPI definition to <code>\(HTML.escape(version.specPath))/</code>.</p>")
        try writer.write(layout.render(home), to: folder.appendingPathComponent("index.html"))
        try writer.write(search.json, to: folder.appendingPathComponent(SiteFiles.searchJSON))
        try writer.write(search.script, to: folder.appendingPathComponent(SiteFiles.searchScript))
    }
}
