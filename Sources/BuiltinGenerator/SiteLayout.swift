import HTMLEscaping
/// The page frame shared by every page: header, sidebar (search + nav), content. Only
/// relative links, so the site works from a web server and opened from disk alike.
struct SiteLayout {
    struct VersionLink {
        let name: String
        let slug: String
    }

    let siteTitle: String
    let navTitle: String
    /// "" at the output root, "../" inside a version folder.
    let prefix: String
    let nav: [NavItem]
    let logoURL: String?
    let faviconURL: String?
    let versions: [VersionLink]
    let currentVersion: String?
    let pager: Pager

    func render(_ page: Page, as file: String? = nil) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        html += "<title>\(HTML.escape(page.title == siteTitle ? siteTitle : "\(page.title) · \(siteTitle)"))</title>"
        html += "<link rel=\"stylesheet\" href=\"\(prefix)\(SiteFiles.stylesheet)\">"
        if let faviconURL { html += "<link rel=\"icon\" href=\"\(HTML.escape(faviconURL))\">" }
        html += "</head><body>"
        html += "<input type=\"checkbox\" id=\"nav-toggle\" class=\"nav-toggle\" aria-hidden=\"true\">"
        html += "<header class=\"topbar\"><label for=\"nav-toggle\" class=\"nav-button\" title=\"Menu\">☰</label>"
        html += "<a class=\"brand\" href=\"index.html\">"
        if let logoURL { html += "<img class=\"logo\" src=\"\(HTML.escape(logoURL))\" alt=\"\">" }
        html += "<span>\(HTML.escape(navTitle))</span></a>"
        html += versionSwitch()
        html += "</header><div class=\"layout\"><nav class=\"sidebar\" aria-label=\"Site\">"
        html += "<div class=\"search\"><input type=\"search\" id=\"search\" placeholder=\"Search docs and API\" aria-label=\"Search\" autocomplete=\"off\">"
        html += "<kbd class=\"search-key\" title=\"Press / to search\">/</kbd>"
        html += "<ol id=\"search-results\" class=\"search-results\"></ol></div>"
        html += navList(nav, page: page)
        html += "</nav><main class=\"content\">\(page.body)\(pager.html(for: page.file))</main></div>"
        html += "<script src=\"\(SiteFiles.searchScript)\"></script><script src=\"\(prefix)\(SiteFiles.script)\"></script>"
        html += "</body></html>\n"
        return html
    }

    /// Plain links (no script needed) to the same page name's folder in each version.
    private func versionSwitch() -> String {
        guard versions.count > 1 || currentVersion != nil else { return "" }
        var html = "<nav class=\"versions\" aria-label=\"Versions\"><span class=\"versions-label\">Version</span>"
        for version in versions {
            let current = version.name == currentVersion
            html += "<a href=\"../\(HTML.escape(version.slug))/index.html\"\(current ? " class=\"current\" aria-current=\"true\"" : "")>\(HTML.escape(version.name))</a>"
        }
        return html + "</nav>"
    }

    private func navList(_ items: [NavItem], page: Page) -> String {
        var html = "<ul class=\"nav\">"
        for item in items {
            switch item {
            case .group(let title, let children):
                html += "<li class=\"nav-group\"><span class=\"nav-group-title\">\(HTML.escape(title))</span>\(navList(children, page: page))</li>"
            case .link(let title, let file, let children):
                let current = file == page.file
                html += "<li><a href=\"\(HTML.escape(file))\"\(current ? " class=\"current\" aria-current=\"page\"" : "")>\(HTML.escape(title))</a>"
                if current, !page.sections.isEmpty {
                    html += "<ul class=\"nav-sections\">"
                    for section in page.sections {
                        html += "<li><a href=\"#\(HTML.escape(section.anchor))\">\(HTML.escape(section.title))</a></li>"
                    }
                    html += "</ul>"
                }
                if !children.isEmpty { html += navList(children, page: page) }
                html += "</li>"
            }
        }
        return html + "</ul>"
    }

    /// Root index.html of a versioned portal: opens the default version, works without script.
    static func versionRedirect(title: String, versions: [VersionLink]) -> String {
        guard let first = versions.first else { return "" }
        var html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        html += "<meta http-equiv=\"refresh\" content=\"0; url=\(HTML.escape(first.slug))/index.html\">"
        html += "<title>\(HTML.escape(title))</title><link rel=\"stylesheet\" href=\"\(SiteFiles.stylesheet)\"></head>"
        html += "<body><main class=\"content\"><h1>\(HTML.escape(title))</h1><ul>"
        for version in versions {
            html += "<li><a href=\"\(HTML.escape(version.slug))/index.html\">\(HTML.escape(version.name))</a></li>"
        }
        return html + "</ul></main></body></html>\n"
    }
}
