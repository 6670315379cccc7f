import HTMLEscaping
/// The models page (every schema of components/schemas or definitions) and the generated
/// getting-started page.
struct ModelPages {
    let reference: APIReference
    let schemas: SchemaRenderer
    let markdown: MarkdownCache

    func modelsPage(title: String) -> Page {
        var body = "<h1>\(HTML.escape(title))</h1>"
        if reference.models.isEmpty { body += "<p>The API definition declares no models.</p>" }
        for model in reference.models {
            body += "<section class=\"model\" id=\"\(HTML.escape(model.anchor))\">"
            body += "<h2><a class=\"anchor\" href=\"#\(HTML.escape(model.anchor))\" aria-hidden=\"true\">#</a>\(HTML.escape(model.name))</h2>"
            body += markdown.html(model.schema.value["description"]?.text)
            body += "<p class=\"model-type\">Type: \(schemas.typeLabel(SchemaNode(value: model.schema.value, document: model.schema.document)))</p>"
            body += schemas.details(model.schema, expandModel: true, withConstraints: true, stack: [model.id])
            body += "</section>"
        }
        return Page(file: SiteFiles.models, title: title, body: body,
                    sections: reference.models.map { ($0.name, $0.anchor) })
    }

    func gettingStarted(title: String, operations: OperationPages) -> Page {
        var body = "<h1>\(HTML.escape(title))</h1>"
        if let apiTitle = reference.title {
            body += "<p class=\"lead\">\(HTML.escape(apiTitle))\(reference.version.map { " <span class=\"version\">\(HTML.escape($0))</span>" } ?? "")</p>"
        }
        body += markdown.html(reference.description)
        body += operations.serversHTML()
        if !reference.security.isEmpty {
            body += "<h2 id=\"authentication\">Authentication</h2><ul class=\"security\">"
            for scheme in reference.security {
                body += "<li><strong>\(HTML.escape(scheme.name))</strong>: \(HTML.escape(scheme.summary))\(markdown.html(scheme.description))</li>"
            }
            body += "</ul>"
        }
        if let tag = reference.tags.first, let operation = tag.operations.first {
            body += "<h2 id=\"first-call\">Your first call</h2><p>Try <a href=\"\(HTML.escape(tag.page))#\(HTML.escape(operation.anchor))\">"
            body += "\(HTML.escape(operation.title))</a>:</p><pre><code>"
            body += HTML.escape("curl -X \(operation.method.uppercased()) '\(reference.servers.first?.url ?? "")\(operation.path)'")
            body += "</code></pre><p>Browse every operation under <a href=\"\(SiteFiles.endpoints)\">API Endpoints</a>"
            body += " and the data types under <a href=\"\(SiteFiles.models)\">Models</a>.</p>"
        }
        return Page(file: SiteFiles.gettingStarted, title: title, body: body)
    }
}
