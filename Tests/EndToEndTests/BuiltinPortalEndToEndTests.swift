import Foundation
import PortaldTestSupport
import Testing

/// `portald generate` with no API key renders examples/petstore with the built-in generator.
/// The expectations come from the example's own Markdown and OpenAPI files, read here
/// independently of the generator, so a portal missing a guide paragraph or an operation fails.
@Suite struct BuiltinPortalEndToEndTests {
    @Test func petstorePortalShowsEveryGuideAndOperationAndLoadsNothingFromOtherHosts() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let result = try await PortaldProcess.run(workspace.generateArguments(["--json"]))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.events(named: "ready").first?["generator"] as? String == "builtin")
        let portal = try RenderedPortal(root: workspace.preview)
        #expect(portal.pages.count >= 5, "pages: \(portal.pages.keys.sorted())")

        // Every guide: one page holds all its headings, paragraphs, list items, table cells and code.
        let guides = workspace.project.appendingPathComponent("content/guides")
        let guideFiles = try FileManager.default.contentsOfDirectory(atPath: guides.path).filter { $0.hasSuffix(".md") }.sorted()
        #expect(guideFiles.count == 3)
        for file in guideFiles {
            let snippets = MarkdownSnippets.of(try String(contentsOf: guides.appendingPathComponent(file), encoding: .utf8))
            #expect(snippets.count >= 8, "\(file) gave too few snippets to prove anything")
            let best = portal.pages.max { a, b in
                snippets.filter { a.value.contains($0) }.count < snippets.filter { b.value.contains($0) }.count
            }
            let missing = snippets.filter { !(best?.value.contains($0) ?? false) }
            #expect(missing.isEmpty, "\(file): best page \(best?.key ?? "none") lacks \(missing)")
        }

        // Every operation of the spec: its summary, then its method and path, on some page.
        let operations = SpecOperations.scan(try String(contentsOf: workspace.project.appendingPathComponent("spec/openapi.yaml"), encoding: .utf8))
        #expect(operations.count >= 8, "scanned only \(operations.map(\.endpoint))")
        #expect(operations.allSatisfy { $0.summary != nil }, "the example gives every operation a summary")
        for operation in operations {
            let summary = operation.summary ?? ""
            let shown = portal.pages.values.contains { $0.contains(operation.endpoint, shortlyAfter: summary) }
            #expect(shown, "no page shows \"\(summary)\" with \(operation.endpoint)")
        }

        // The search index lists exactly the spec's operations, each linking to an existing anchor.
        let index = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: workspace.preview.appendingPathComponent("search-index.json"))) as? [[String: String]])
        let searchOperations = index.filter { $0["kind"] == "operation" }
        #expect(Set(searchOperations.compactMap { $0["detail"] }) == Set(operations.map(\.endpoint)))
        #expect(Set(searchOperations.compactMap { $0["title"] }) == Set(operations.compactMap(\.summary)))
        #expect(searchOperations.count == operations.count)
        for entry in searchOperations {
            let parts = (entry["url"] ?? "").split(separator: "#", maxSplits: 1).map(String.init)
            let html = portal.rawPages[parts[0]] ?? ""
            #expect(parts.count == 2 && html.contains("id=\"\(parts[1])\""), "search link \(entry["url"] ?? "") leads nowhere")
        }
        // The script copy (what the page uses from file://) carries the same entries.
        let script = try String(contentsOf: workspace.preview.appendingPathComponent("search-index.js"), encoding: .utf8)
        for operation in operations { #expect(script.contains("\"detail\":\"\(operation.endpoint)\"")) }

        // Nothing in any page, stylesheet or script makes the browser contact another host.
        #expect(portal.outsideReferences() == [])
    }
}

/// The preview folder: every HTML page's visible main text, plus raw files for the link checks.
private struct RenderedPortal {
    let root: URL
    var pages: [String: PageText] = [:]
    var rawPages: [String: String] = [:]
    var assets: [String: String] = [:]

    init(root: URL) throws {
        self.root = root
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let path = walker?.nextObject() as? String {
            let url = root.appendingPathComponent(path)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            if path.hasSuffix(".html") {
                rawPages[path] = text
                pages[path] = PageText(html: text)
            } else if path.hasSuffix(".css") || path.hasSuffix(".js") {
                assets[path] = text
            }
        }
    }

    /// `src`/`href`/... attributes, CSS `url()`/`@import` and script strings naming an absolute
    /// or protocol-relative URL.
    func outsideReferences() -> [String] {
        var found: [String] = []
        let attribute = try! NSRegularExpression(
            pattern: #"\b(src|href|srcset|action|formaction|poster|data|background)\s*=\s*["']?\s*((https?:)?//[^"'\s>]*)"#,
            options: [.caseInsensitive])
        for (path, html) in rawPages {
            let range = NSRange(html.startIndex..., in: html)
            for match in attribute.matches(in: html, range: range) {
                found.append("\(path): \((html as NSString).substring(with: match.range))")
            }
        }
        let cssURL = try! NSRegularExpression(pattern: #"(url\(\s*["']?\s*(https?:)?//|@import)"#, options: [.caseInsensitive])
        for (path, text) in assets {
            if path.hasSuffix(".css"), cssURL.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                found.append("\(path): url()/@import")
            }
            if path.hasSuffix(".js"), text.contains("http://") || text.contains("https://") || text.contains("\"//") {
                found.append("\(path): absolute URL in script")
            }
        }
        return found.sorted()
    }
}

/// The text a reader sees in a page's `<main>`: tags dropped, entities decoded, whitespace collapsed.
private struct PageText {
    let text: String

    init(html: String) {
        var body = html[...]
        if let start = html.range(of: "<main"), let end = html.range(of: "</main>", range: start.upperBound..<html.endIndex) {
            body = html[start.lowerBound..<end.lowerBound]
        }
        var out = ""
        var inTag = false
        for character in body {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { out.append(character) }
        }
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: character)
        }
        text = collapse(out)
    }

    func contains(_ snippet: String) -> Bool { text.contains(snippet) }

    /// `needle` begins within a short distance after some occurrence of `anchor`.
    func contains(_ needle: String, shortlyAfter anchor: String) -> Bool {
        var searchFrom = text.startIndex
        while let found = text.range(of: anchor, range: searchFrom..<text.endIndex) {
            let window = text[found.upperBound...].prefix(160)
            if window.contains(needle) { return true }
            searchFrom = found.upperBound
        }
        return false
    }
}

private func collapse(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
}

/// What a guide says, as plain text: headings, paragraphs, list items, quotes, table cells and
/// code lines, with inline Markdown (links, images, code spans, strong) reduced to its text.
private enum MarkdownSnippets {
    static func of(_ markdown: String) -> [String] {
        var snippets: [String] = []
        var paragraph: [String] = []
        var inFence = false
        func flush() {
            if !paragraph.isEmpty { snippets.append(inline(paragraph.joined(separator: " "))) }
            paragraph = []
        }
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") { flush(); inFence.toggle(); continue }
            if inFence {
                if !line.isEmpty { snippets.append(collapse(line)) }
                continue
            }
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("#") {
                flush()
                snippets.append(inline(String(line.drop(while: { $0 == "#" }))))
            } else if line.hasPrefix("|") {
                flush()
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                for cell in cells where !cell.isEmpty && !cell.allSatisfy({ $0 == "-" || $0 == ":" }) {
                    snippets.append(inline(cell))
                }
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                flush()
                paragraph = [String(line.dropFirst(2))]
            } else if line.hasPrefix("![") {
                flush()
            } else {
                paragraph.append(line.hasPrefix(">") ? String(line.dropFirst()).trimmingCharacters(in: .whitespaces) : line)
            }
        }
        flush()
        return snippets.filter { !$0.isEmpty }
    }

    /// `[text](url)` -> text, `![alt](url)` -> nothing, code spans and `**` unwrapped.
    static func inline(_ text: String) -> String {
        var out = text
        out = out.replacingOccurrences(of: #"!\[[^\]]*\]\([^)]*\)"#, with: "", options: .regularExpression)
        out = out.replacingOccurrences(of: #"\[([^\]]*)\]\([^)]*\)"#, with: "$1", options: .regularExpression)
        out = out.replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "**", with: "")
        return collapse(out)
    }
}

/// The operations of an OpenAPI YAML file, by a plain indentation scan (no YAML library):
/// `paths:` at column 0, each path at 2 spaces, each method at 4, its `summary:` at 6.
private struct SpecOperations {
    let method: String
    let path: String
    var summary: String?
    var endpoint: String { "\(method.uppercased()) \(path)" }

    static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "options", "head", "trace"]

    static func scan(_ yaml: String) -> [SpecOperations] {
        var operations: [SpecOperations] = []
        var inPaths = false
        var path: String?
        var inOperation = false
        for raw in yaml.split(separator: "\n") {
            let line = String(raw)
            let indent = line.prefix(while: { $0 == " " }).count
            let content = line.trimmingCharacters(in: .whitespaces)
            if indent == 0 { inPaths = content == "paths:"; continue }
            guard inPaths, !content.hasPrefix("#") else { continue }
            if indent == 2, content.hasSuffix(":") {
                path = unquote(String(content.dropLast()))
                inOperation = false
            } else if indent == 4 {
                let key = String(content.dropLast())
                inOperation = content.hasSuffix(":") && methods.contains(key) && path != nil
                if inOperation, let path { operations.append(SpecOperations(method: key, path: path, summary: nil)) }
            } else if indent == 6, inOperation, content.hasPrefix("summary:") {
                operations[operations.count - 1].summary = unquote(content.dropFirst("summary:".count).trimmingCharacters(in: .whitespaces))
            }
        }
        return operations
    }

    private static func unquote(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == text.last, first == "'" || first == "\"" else { return text }
        return String(text.dropFirst().dropLast())
    }
}
