import Foundation
import Testing
@testable import BuiltinGenerator

@Suite struct SampleBuildTests {
    static var sample: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/sample")
    }

    @Test func rendersTheSampleBuildDirectoryWithEveryLinkResolving() throws {
        try withTempDirectory { output in
            try PortalGenerator().render(input: Self.sample, output: output)
            for file in ["index.html", "guide-guides-intro.html", "guide-guides-auth.html", "guide-guides-advanced-webhooks.html",
                         "endpoints.html", "api-books.html", "api-orders.html", "models.html", "getting-started.html",
                         "search-index.json", "search-index.js", "assets/portal.css", "assets/portal.js",
                         "static/images/logo.svg", "static/images/diagram.svg"] {
                #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), "missing \(file)")
            }
            #expect(brokenLinks(in: output) == [])
            // Nothing is loaded from another host: no absolute URL in src or stylesheet links.
            for file in try FileManager.default.contentsOfDirectory(atPath: output.path) where file.hasSuffix(".html") {
                let html = read(output.appendingPathComponent(file))
                #expect(!html.contains("src=\"http"), "\(file)")
                #expect(!html.contains("src=\"//"), "\(file)")
                #expect(!html.contains("<link rel=\"stylesheet\" href=\"http"), "\(file)")
            }
            #expect(!read(output.appendingPathComponent("assets/portal.css")).contains("url("))
        }
    }
}

/// The project's own example build directory (owned by the examples helper) must render.
@Suite struct PetstoreExampleTests {
    static var petstore: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/petstore")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: petstore.appendingPathComponent("APIMATIC-BUILD.json").path)))
    func rendersTheRepositoryPetstoreExample() throws {
        try withTempDirectory { output in
            try PortalGenerator().render(input: Self.petstore, output: output)
            #expect(brokenLinks(in: output) == [])
            let index = read(output.appendingPathComponent("index.html"))
            #expect(index.contains("<a href=\"endpoints.html\">API Endpoints</a>"))
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("models.html").path))
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: petstore.appendingPathComponent("APIMATIC-BUILD.json").path)))
    func pagesLinkToTheirNeighboursInSidebarOrder() throws {
        try withTempDirectory { output in
            try PortalGenerator().render(input: Self.petstore, output: output)
            func pager(_ file: String) -> String {
                let html = mainContent(read(output.appendingPathComponent(file)))
                return html.range(of: "<nav class=\"pager\"").map { String(html[$0.lowerBound...]) } ?? ""
            }
            #expect(pager("guide-guides-authentication.html") == "<nav class=\"pager\" aria-label=\"Previous and next page\">"
                    + "<a class=\"pager-prev\" rel=\"prev\" href=\"guide-guides-getting-started.html\"><span class=\"pager-label\">Previous</span>Getting Started</a>"
                    + "<a class=\"pager-next\" rel=\"next\" href=\"guide-guides-pagination.html\"><span class=\"pager-label\">Next</span>Pagination</a></nav>")
            // The last guide leads into the reference; the reference's tag pages follow its overview.
            #expect(pager("guide-guides-pagination.html").contains("rel=\"next\" href=\"endpoints.html\""))
            #expect(pager("endpoints.html").contains("rel=\"next\" href=\"api-pets.html\""))
            // The first page has no previous, the last no next.
            #expect(!pager("index.html").contains("rel=\"prev\"") && pager("index.html").contains("rel=\"next\""))
            #expect(pager("models.html").contains("rel=\"prev\"") && !pager("models.html").contains("rel=\"next\""))
        }
    }
}
