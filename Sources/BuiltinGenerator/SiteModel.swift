/// One HTML page of the site, before the shared layout wraps it.
struct Page {
    /// File name relative to the version root ("api-pets.html").
    let file: String
    let title: String
    let body: String
    /// In-page sections, listed under the page's sidebar entry while it is open.
    var sections: [(title: String, anchor: String)] = []
}

/// The sidebar tree.
indirect enum NavItem {
    case group(title: String, items: [NavItem])
    case link(title: String, file: String, children: [NavItem])

    /// First page in reading order, which index.html shows.
    var firstFile: String? {
        switch self {
        case .link(_, let file, _): return file
        case .group(_, let items): return items.lazy.compactMap(\.firstFile).first
        }
    }
}

/// Where generated API pages live, decided once so nav, pages and search agree.
enum SiteFiles {
    static let endpoints = "endpoints.html"
    static let models = "models.html"
    static let gettingStarted = "getting-started.html"
    static let searchJSON = "search-index.json"
    static let searchScript = "search-index.js"
    static let stylesheet = "assets/portal.css"
    static let script = "assets/portal.js"
}
