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
}
