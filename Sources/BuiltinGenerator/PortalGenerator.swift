import Foundation

/// The built-in portal generator: renders an APIMatic build directory (APIMATIC-BUILD.json,
/// spec/, content/, static/) into a static site that works offline and from disk.
public struct PortalGenerator: Sendable {
    public init() {}

    /// Renders the portal for the build directory `input` into the (empty, existing) `output`.
    /// Throws `GeneratorFailure` listing every problem of the input; nothing is written then.
    public func render(input: URL, output: URL) throws {
        let problems = Problems()
        guard let settings = BuildSettings.load(root: input, problems: problems) else {
            try problems.throwIfAny()
            return
        }
        let versioned = settings.versions.first?.name != nil
        let sites = settings.versions.map {
            VersionSite(buildRoot: input, settings: settings, version: $0, versioned: versioned, problems: problems)
        }
        for site in sites { site.prepare() }
        try problems.throwIfAny()

        let writer = OutputWriter(output: output)
        try writer.write(Stylesheet.css(primary: settings.primaryColor, link: settings.linkColor),
                         to: output.appendingPathComponent(SiteFiles.stylesheet))
        try writer.write(Script.source, to: output.appendingPathComponent(SiteFiles.script))
        try writer.copyTree(AssetResolver.staticFolder, from: input)
        for (site, version) in zip(sites, settings.versions) {
            try site.write(to: versioned ? output.appendingPathComponent(version.slug) : output, writer: writer)
            for path in site.copies.sorted() { try writer.copy(path, from: input) }
        }
        if versioned {
            let links = settings.versions.compactMap { v in v.name.map { SiteLayout.VersionLink(name: $0, slug: v.slug) } }
            try writer.write(SiteLayout.versionRedirect(title: settings.pageTitle, versions: links),
                             to: output.appendingPathComponent("index.html"))
        }
    }
}
