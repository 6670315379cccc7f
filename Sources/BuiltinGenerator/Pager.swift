import HTMLEscaping
/// Previous/next links at the foot of each page, in sidebar reading order, so the guides and
/// the reference can be read straight through. Worked out once per site, not per page.
struct Pager {
    struct Link {
        let title: String
        let file: String
    }

    private var neighbours: [String: (previous: Link?, next: Link?)] = [:]

    init(nav: [NavItem]) {
        var order: [Link] = []
        var seen: Set<String> = []
        func walk(_ items: [NavItem]) {
            for item in items {
                switch item {
                case .group(_, let items):
                    walk(items)
                case .link(let title, let file, let children):
                    if seen.insert(file).inserted { order.append(Link(title: title, file: file)) }
                    walk(children)
                }
            }
        }
        walk(nav)
        for (index, link) in order.enumerated() {
            neighbours[link.file] = (index > 0 ? order[index - 1] : nil, index + 1 < order.count ? order[index + 1] : nil)
        }
    }

    /// Empty for a page outside the sidebar (a guide the toc leaves out).
    func html(for file: String) -> String {
        guard let (previous, next) = neighbours[file], previous != nil || next != nil else { return "" }
        var html = "<nav class=\"pager\" aria-label=\"Previous and next page\">"
        if let previous { html += link(previous, rel: "prev", label: "Previous") }
        if let next { html += link(next, rel: "next", label: "Next") }
        return html + "</nav>"
    }

    private func link(_ link: Link, rel: String, label: String) -> String {
        "<a class=\"pager-\(rel)\" rel=\"\(rel)\" href=\"\(HTML.escape(link.file))\"><span class=\"pager-label\">\(label)</span>\(HTML.escape(link.title))</a>"
    }
}
