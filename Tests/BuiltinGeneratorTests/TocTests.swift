import Foundation
import Testing
@testable import BuiltinGenerator

/// The sidebar of a rendered page, from the first nav list to the end of the sidebar.
func navHTML(_ page: String) -> String {
    guard let start = page.range(of: "</div><ul class=\"nav\">"), let end = page.range(of: "</nav><main") else { return "" }
    return String(page[page.index(start.lowerBound, offsetBy: 6)..<end.lowerBound])
}

let tinySpec = """
openapi: 3.0.0
info: {title: Tiny, version: "1"}
paths:
  /things:
    get:
      tags: [Things]
      operationId: listThings
      summary: List things
      responses: {'200': {description: OK}}
"""

@Suite struct TocTests {
    @Test func groupsPagesDirsAndGeneratedEntries() throws {
        try render([
            "spec/openapi.yaml": tinySpec,
            "content/guides/intro.md": "# Intro\n",
            "content/more/b.md": "# Bee\n",
            "content/more/a.md": "# Ay\n",
            "content/toc.yml": """
            toc:
              - group: Getting Started
                items:
                  - page: Introduction
                    file: guides/intro.md
                  - generate: How to Get Started
                    from: getting-started
              - group: API Endpoints
                items:
                  - generate: API Endpoints
                    from: endpoints
              - generate: Models
                from: models
              - dir: More Guides
                path: more
            """,
        ]) { output in
            let index = read(output.appendingPathComponent("index.html"))
            #expect(navHTML(index) == """
            <ul class="nav"><li class="nav-group"><span class="nav-group-title">Getting Started</span><ul class="nav">\
            <li><a href="guide-guides-intro.html" class="current" aria-current="page">Introduction</a></li>\
            <li><a href="getting-started.html">How to Get Started</a></li></ul></li>\
            <li class="nav-group"><span class="nav-group-title">API Endpoints</span><ul class="nav">\
            <li><a href="endpoints.html">API Endpoints</a><ul class="nav"><li><a href="api-things.html">Things</a></li></ul></li></ul></li>\
            <li><a href="models.html">Models</a></li>\
            <li class="nav-group"><span class="nav-group-title">More Guides</span><ul class="nav">\
            <li><a href="guide-more-a.html">Ay</a></li><li><a href="guide-more-b.html">Bee</a></li></ul></li></ul>
            """)
            #expect(mainContent(index).hasPrefix("<h1 id=\"intro\">"))
            #expect(mainContent(read(output.appendingPathComponent("getting-started.html"))).hasPrefix("<h1>How to Get Started</h1>"))
            #expect(brokenLinks(in: output) == [])
        }
    }

    @Test func acceptsABareListWithDirByFolderNameAndPlainFileEntries() throws {
        try render([
            "content/guides/setup.md": "# Set up\n",
            "content/guides/deep/more.md": "No heading here.\n",
            "content/faq.md": "# FAQ\n",
            "content/toc.yaml": "- faq.md\n- dir: guides\n",
        ]) { output in
            let index = read(output.appendingPathComponent("index.html"))
            #expect(navHTML(index) == """
            <ul class="nav"><li><a href="guide-faq.html" class="current" aria-current="page">FAQ</a></li>\
            <li class="nav-group"><span class="nav-group-title">Guides</span><ul class="nav">\
            <li><a href="guide-guides-setup.html">Set up</a></li>\
            <li class="nav-group"><span class="nav-group-title">Deep</span><ul class="nav">\
            <li><a href="guide-guides-deep-more.html">More</a></li></ul></li></ul></li></ul>
            """)
        }
    }

    @Test func withoutTocEveryMarkdownFileIsListedSortedThenTheAPIReference() throws {
        try render([
            "spec/openapi.yaml": tinySpec,
            "content/zeta.md": "# Zeta\n",
            "content/alpha.md": "# Alpha\n",
            "content/sub/x.md": "# X\n",
        ]) { output in
            let index = read(output.appendingPathComponent("index.html"))
            #expect(navHTML(index) == """
            <ul class="nav"><li><a href="guide-alpha.html" class="current" aria-current="page">Alpha</a></li>\
            <li><a href="guide-zeta.html">Zeta</a></li>\
            <li class="nav-group"><span class="nav-group-title">Sub</span><ul class="nav"><li><a href="guide-sub-x.html">X</a></li></ul></li>\
            <li><a href="getting-started.html">Getting Started</a></li>\
            <li><a href="endpoints.html">API Endpoints</a><ul class="nav"><li><a href="api-things.html">Things</a></li></ul></li></ul>
            """)
        }
    }

    @Test func guidesNotInTheTocStillRenderSoLinksToThemWork() throws {
        try render([
            "content/a.md": "# A\n\nSee [hidden](extra/hidden.md) and [top](#a).\n",
            "content/extra/hidden.md": "# Hidden\n\nBack to [A](../a.md#a).\n",
            "content/toc.yml": "toc:\n  - page: A\n    file: a.md\n",
        ]) { output in
            let index = read(output.appendingPathComponent("index.html"))
            #expect(index.contains("<a href=\"guide-extra-hidden.html\">hidden</a>"))
            #expect(!navHTML(index).contains("hidden"))
            #expect(read(output.appendingPathComponent("guide-extra-hidden.html")).contains("<a href=\"guide-a.html#a\">A</a>"))
            #expect(brokenLinks(in: output) == [])
        }
    }

    @Test func imagesResolveFromTheGuideFolderTheBuildRootAndStatic() throws {
        try render([
            "content/guides/page.md": "![a](pic.png) ![b](/static/img/b.png) ![c](img/b.png) ![d](../../static/img/b.png) ![e](missing.png)\n",
            "content/guides/pic.png": "png",
            "static/img/b.png": "png",
        ]) { output in
            let page = read(output.appendingPathComponent("guide-guides-page.html"))
            #expect(page.contains("<img src=\"content/guides/pic.png\" alt=\"a\" />"))
            #expect(page.contains("<img src=\"static/img/b.png\" alt=\"b\" />"))
            #expect(page.contains("<img src=\"static/img/b.png\" alt=\"c\" />"))
            #expect(page.contains("<img src=\"static/img/b.png\" alt=\"d\" />"))
            #expect(page.contains("<img src=\"missing.png\" alt=\"e\" />"))
            #expect(brokenLinks(in: output).contains("guide-guides-page.html: missing.png"))
            #expect(read(output.appendingPathComponent("content/guides/pic.png")) == "png")
            #expect(read(output.appendingPathComponent("static/img/b.png")) == "png")
        }
    }
}
