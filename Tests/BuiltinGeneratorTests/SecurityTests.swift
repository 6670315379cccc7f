import Foundation
import Testing
@testable import BuiltinGenerator

@Suite struct SecurityTests {
    static let hostileSpec = """
    openapi: 3.0.0
    info:
      title: "<script>alert('title')</script>"
      version: "1"
      description: "Hi <script>alert('desc')</script> <img src=x onerror=alert(1)> [x](javascript:alert(2))"
    servers: [{url: "javascript:alert(3)", description: "<b onmouseover=alert(4)>"}]
    tags: [{name: "<i>Tag</i>", description: "<iframe src=//evil.example>"}]
    paths:
      /a:
        get:
          tags: ["<i>Tag</i>"]
          operationId: "x\\" onclick=\\"alert(5)"
          summary: "<script>alert('summary')</script>"
          parameters:
            - {name: "\\"><script>alert(6)</script>", in: query, schema: {type: string, enum: ["</code><script>alert(7)</script>"]}}
          responses:
            '200':
              description: OK
              content: {application/json: {schema: {$ref: '#/components/schemas/<Evil>'}}}
    components:
      schemas:
        <Evil>:
          type: object
          properties:
            "<p onclick=alert(8)>": {type: string, format: "<svg onload=alert(9)>", pattern: "</code><script>"}
    """

    @Test func specTextCannotInjectMarkupOrScript() throws {
        try render([
            "APIMATIC-BUILD.json": #"{"generatePortal": {"pageTitle": "</title><script>alert(0)</script>", "navTitle": "<b>n</b>"}}"#,
            "spec/openapi.yaml": Self.hostileSpec,
        ]) { output in
            let files = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".html") }
            #expect(files.count >= 5)
            for file in files {
                let html = read(output.appendingPathComponent(file))
                // Only the two script tags of the layout itself, never one from the spec.
                #expect(html.components(separatedBy: "<script").count - 1 == 2, "\(file)")
                // Escaped text may mention onclick=; a real tag carrying a handler may not.
                let handler = try NSRegularExpression(pattern: "<[a-zA-Z][^>]*\\son[a-z]+\\s*=")
                #expect(handler.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)) == nil, "\(file) has an event handler")
                for needle in ["<iframe", "<svg", "<img src=x", "<i>Tag", "<b>n</b>", "javascript:alert(2)", "<p onclick"] {
                    #expect(!html.contains(needle), "\(file) contains \(needle)")
                }
            }
            let tagPage = read(output.appendingPathComponent("api-itag-i.html"))
            #expect(tagPage.contains("<h1>&lt;i&gt;Tag&lt;/i&gt;</h1>"))
            #expect(tagPage.contains("<code>&quot;&gt;&lt;script&gt;alert(6)&lt;/script&gt;</code>"))
            #expect(tagPage.contains("one of <code>&lt;/code&gt;&lt;script&gt;alert(7)&lt;/script&gt;</code>"))
            #expect(tagPage.contains("<title>&lt;script&gt;alert(&#39;summary&#39;)&lt;/script&gt;") == false)
            #expect(tagPage.contains("<title>&lt;i&gt;Tag&lt;/i&gt; · &lt;/title&gt;&lt;script&gt;alert(0)&lt;/script&gt;</title>"))
            let search = read(output.appendingPathComponent("search-index.js"))
            #expect(!search.contains("<"))
            #expect(search.contains("\\u003cscript>alert('summary')\\u003c/script>"))
        }
    }

    @Test func themeColoursMustBeColours() throws {
        try render(["APIMATIC-BUILD.json": """
            {"generatePortal": {"pageTitle": "T", "portalSettings": {"theme": {"colors": {
              "primaryColor": "red;} body{display:none", "linkColor": {"light": "#0a58ca", "dark": "#6ea8fe"}}}}}}
            """]) { output in
            let css = read(output.appendingPathComponent("assets/portal.css"))
            #expect(css.hasPrefix(":root{--primary:#1f5fbf;--link:#0a58ca;"))
            #expect(!css.contains("body{display:none"))
        }
        try render(["APIMATIC-BUILD.json": #"{"generatePortal": {"portalSettings": {"theme": {"primaryColor": "rgb(11, 110, 79)"}}}}"#]) { output in
            #expect(read(output.appendingPathComponent("assets/portal.css")).hasPrefix(":root{--primary:rgb(11, 110, 79);--link:rgb(11, 110, 79);"))
        }
    }

    @Test func remoteLogosAreNotLoadedAndStaticSymlinksAreNotCopied() throws {
        try withTempDirectory { root in
            let input = root.appendingPathComponent("in")
            let output = root.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            try writeFiles([
                "APIMATIC-BUILD.json": #"{"generatePortal": {"logoUrl": "https://cdn.example/logo.png", "faviconUrl": "static/fav.ico"}}"#,
                "static/fav.ico": "ico",
                "content/a.md": "# A\n",
                "secret.txt": "secret",
            ], in: input)
            try FileManager.default.createSymbolicLink(atPath: input.appendingPathComponent("static/leak.txt").path,
                                                       withDestinationPath: input.appendingPathComponent("secret.txt").path)
            try PortalGenerator().render(input: input, output: output)
            let index = read(output.appendingPathComponent("index.html"))
            #expect(!index.contains("cdn.example"))
            #expect(index.contains("<link rel=\"icon\" href=\"static/fav.ico\">"))
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("static/fav.ico").path))
            #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("static/leak.txt").path))
        }
    }
}
