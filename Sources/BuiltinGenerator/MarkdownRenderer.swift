import HTMLEscaping
import CCmark
import Glibc

/// Markdown to HTML with cmark-gfm (table, strikethrough, autolink, tasklist). The only file
/// with cmark pointers. Raw HTML stays off (CMARK_OPT_UNSAFE unset): cmark replaces it with a
/// comment and drops `javascript:` style URLs, so Markdown cannot inject script.
enum MarkdownRenderer {
    enum LinkKind { case link, image }

    struct Heading: Sendable {
        let level: Int
        let text: String
        let id: String
    }

    struct Rendered: Sendable {
        let html: String
        let headings: [Heading]
        var title: String? { headings.first(where: { $0.level == 1 })?.text ?? headings.first?.text }
    }

    /// - Parameters:
    ///   - rewrite: maps a link or image URL to its rendered location (nil keeps it).
    ///   - anchors: give headings `id`s and a self-link.
    /// cmark-gfm's own "ensure registered" flag is unsynchronised; a Swift static runs it once
    /// even when several portals render on different threads.
    private static let registered: Void = { cmark_gfm_core_extensions_ensure_registered() }()

    static func render(_ markdown: String, anchors: Bool = true,
                       rewrite: ((String, LinkKind) -> String?)? = nil) -> Rendered {
        _ = registered
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_GITHUB_PRE_LANG | CMARK_OPT_FOOTNOTES
        guard let parser = cmark_parser_new(options) else { return Rendered(html: "", headings: []) }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tasklist"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        var utf8 = Array(markdown.utf8)
        utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                cmark_parser_feed(parser, $0, buffer.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { return Rendered(html: "", headings: []) }
        defer { cmark_node_free(document) }

        var headings: [Heading] = []
        var ids = SlugSet()
        walk(document) { node in
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING:
                let text = plainText(of: node)
                headings.append(Heading(level: Int(cmark_node_get_heading_level(node)), text: text,
                                        id: ids.unique(Slug.make(text))))
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let kind: LinkKind = cmark_node_get_type(node) == CMARK_NODE_IMAGE ? .image : .link
                if let rewrite, let url = cmark_node_get_url(node).map({ String(cString: $0) }),
                   let replacement = rewrite(url, kind) {
                    cmark_node_set_url(node, replacement)
                }
            default:
                break
            }
        }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return Rendered(html: "", headings: headings)
        }
        defer { free(rendered) }
        let html = String(cString: rendered)
        return Rendered(html: anchors ? addHeadingIDs(html, headings) : html, headings: headings)
    }

    private static func walk(_ root: OpaquePointer, _ visit: (OpaquePointer) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { visit(node) }
        }
    }

    private static func plainText(of heading: OpaquePointer) -> String {
        var text = ""
        walk(heading) { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(node) {
                text += String(cString: literal)
            }
        }
        return text
    }

    /// cmark writes headings as bare `<hN>`; with raw HTML off that text can only come from a
    /// real heading (everything else is escaped), so the k-th match is the k-th heading.
    private static func addHeadingIDs(_ html: String, _ headings: [Heading]) -> String {
        guard !headings.isEmpty else { return html }
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + headings.count * 64)
        var next = 0
        var index = 0
        while index < bytes.count {
            if next < headings.count, bytes[index] == UInt8(ascii: "<"), index + 3 < bytes.count,
               bytes[index + 1] == UInt8(ascii: "h"), bytes[index + 3] == UInt8(ascii: ">"),
               bytes[index + 2] == UInt8(ascii: "0") + UInt8(headings[next].level) {
                let id = HTML.escape(headings[next].id)
                let open = "<h\(headings[next].level) id=\"\(id)\"><a class=\"anchor\" href=\"#\(id)\" aria-hidden=\"true\">#</a>"
                out.append(contentsOf: open.utf8)
                index += 4
                next += 1
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
