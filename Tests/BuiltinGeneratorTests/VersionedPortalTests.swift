import Foundation
import Testing
@testable import BuiltinGenerator

@Suite struct VersionedPortalTests {
    @Test func rendersEachVersionWithASwitchAndARootRedirect() throws {
        try render([
            "APIMATIC-BUILD.json": """
            {"generateVersionedPortal": {"pageTitle": "Docs", "navTitle": "Docs",
              "versions": ["1.0", {"version": "2.0 beta", "contentFolder": "./v2/content"}]}}
            """,
            "versioned_docs/1.0/content/old.md": "# Old guide\n\n![d](/static/d.svg)\n",
            "versioned_docs/1.0/spec/openapi.yaml": tinySpec,
            "v2/content/new.md": "# New guide\n",
            "static/d.svg": "<svg/>",
        ]) { output in
            let root = read(output.appendingPathComponent("index.html"))
            #expect(root.contains("<meta http-equiv=\"refresh\" content=\"0; url=1-0/index.html\">"))
            #expect(root.contains("<li><a href=\"2-0-beta/index.html\">2.0 beta</a></li>"))
            let v1 = read(output.appendingPathComponent("1-0/index.html"))
            #expect(v1.contains("<nav class=\"versions\" aria-label=\"Versions\"><span class=\"versions-label\">Version</span>"
                + "<a href=\"../1-0/index.html\" class=\"current\" aria-current=\"true\">1.0</a>"
                + "<a href=\"../2-0-beta/index.html\">2.0 beta</a></nav>"))
            #expect(v1.contains("<link rel=\"stylesheet\" href=\"../assets/portal.css\">"))
            #expect(v1.contains("<img src=\"../static/d.svg\" alt=\"d\" />"))
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("1-0/api-things.html").path))
            let v2 = read(output.appendingPathComponent("2-0-beta/index.html"))
            #expect(v2.contains("<h1 id=\"new-guide\">"))
            #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("2-0-beta/endpoints.html").path))
            #expect(brokenLinks(in: output) == [])
        }
    }

    @Test func versionsDefaultToTheFoldersOfVersionsPath() throws {
        try render([
            "APIMATIC-BUILD.json": #"{"generateVersionedPortal": {"versionsPath": "./versions"}}"#,
            "versions/v2/content/b.md": "# B\n",
            "versions/v1/content/a.md": "# A\n",
        ]) { output in
            #expect(read(output.appendingPathComponent("index.html")).contains("url=v1/index.html"))
            #expect(read(output.appendingPathComponent("v2/index.html")).contains("<h1 id=\"b\">"))
        }
    }

    @Test func badVersionEntriesAreReported() throws {
        let errors = try failure(["APIMATIC-BUILD.json": #"{"generateVersionedPortal": {"versions": [{"path": "x"}, 3]}}"#])?.errors
        #expect(errors?["APIMATIC-BUILD.json"] == [
            "generateVersionedPortal.versions[0] must be a version string or an object with a \"version\" name.",
        ])
    }
}
