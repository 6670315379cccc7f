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
        }
    }
}
