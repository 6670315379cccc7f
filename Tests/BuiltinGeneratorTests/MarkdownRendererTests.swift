import Testing
@testable import BuiltinGenerator

@Suite struct MarkdownRendererTests {
    @Test func rendersGFMTables() {
        let html = MarkdownRenderer.render("| A | B |\n|---|--:|\n| 1 | `x` |\n").html
        #expect(html == """
        <table>
        <thead>
        <tr>
        <th>A</th>
        <th align="right">B</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td>1</td>
        <td align="right"><code>x</code></td>
        </tr>
        </tbody>
        </table>

        """)
    }

    @Test func rendersStrikethroughAutolinksAndTaskLists() {
        let html = MarkdownRenderer.render("~~old~~ new, see www.example.com\n\n- [x] done\n- [ ] todo\n").html
        #expect(html == """
        <p><del>old</del> new, see <a href="http://www.example.com">www.example.com</a></p>
        <ul>
        <li><input type="checkbox" checked="" disabled="" /> done</li>
        <li><input type="checkbox" disabled="" /> todo</li>
        </ul>

        """)
    }

    @Test func headingsGetUniqueSlugAnchors() {
        let rendered = MarkdownRenderer.render("# Hello, World!\n\n## Setup `v2`\n\n## Setup v2\n\n### Ünïcode Title\n")
        #expect(rendered.headings.map(\.id) == ["hello-world", "setup-v2", "setup-v2-1", "ünïcode-title"])
        #expect(rendered.title == "Hello, World!")
        #expect(rendered.html == """
        <h1 id="hello-world"><a class="anchor" href="#hello-world" aria-hidden="true">#</a>Hello, World!</h1>
        <h2 id="setup-v2"><a class="anchor" href="#setup-v2" aria-hidden="true">#</a>Setup <code>v2</code></h2>
        <h2 id="setup-v2-1"><a class="anchor" href="#setup-v2-1" aria-hidden="true">#</a>Setup v2</h2>
        <h3 id="ünïcode-title"><a class="anchor" href="#ünïcode-title" aria-hidden="true">#</a>Ünïcode Title</h3>

        """)
    }

    @Test func literalHeadingTagsInCodeDoNotShiftAnchors() {
        let rendered = MarkdownRenderer.render("`<h2>` in code\n\n    <h2>block</h2>\n\n## Real\n")
        #expect(rendered.html.contains("<code>&lt;h2&gt;</code>"))
        #expect(rendered.html.contains("<h2 id=\"real\">"))
    }

    @Test func rawHTMLAndScriptURLsAreDropped() {
        let html = MarkdownRenderer.render("<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> [c](javascript:alert(1))\n").html
        #expect(!html.contains("<script"))
        #expect(!html.contains("onerror"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
    }

    @Test func rewritesLinksAndImagesThroughTheCallback() {
        let html = MarkdownRenderer.render("[a](other.md#x) ![i](pic.png) [ext](https://e.example)") { url, kind in
            switch kind {
            case .link: return url.hasSuffix(".md#x") ? "guide-other.html#x" : nil
            case .image: return "static/" + url
            }
        }.html
        #expect(html == "<p><a href=\"guide-other.html#x\">a</a> <img src=\"static/pic.png\" alt=\"i\" /> <a href=\"https://e.example\">ext</a></p>\n")
    }
}
