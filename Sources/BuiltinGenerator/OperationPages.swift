import HTMLEscaping
/// The endpoint pages: one page per tag with every operation of the tag, and an overview.
struct OperationPages {
    let reference: APIReference
    let schemas: SchemaRenderer
    let markdown: MarkdownCache

    /// Gives tags their page files and operations unique anchors.
    static func assignFiles(_ reference: inout APIReference, files: inout SlugSet) {
        var anchors = SlugSet()
        for tagIndex in reference.tags.indices {
            let page = files.unique("api-" + Slug.make(reference.tags[tagIndex].name)) + ".html"
            reference.tags[tagIndex].page = page
            for opIndex in reference.tags[tagIndex].operations.indices {
                let operation = reference.tags[tagIndex].operations[opIndex]
                let base = operation.operationID.map(Slug.make) ?? Slug.make(operation.method + " " + operation.path)
                reference.tags[tagIndex].operations[opIndex].anchor = anchors.unique(base)
                reference.tags[tagIndex].operations[opIndex].page = page
            }
        }
        var modelAnchors = SlugSet()
        for index in reference.models.indices {
            reference.models[index].anchor = modelAnchors.unique(Slug.make(reference.models[index].name))
        }
    }

    func overview(title: String) -> Page {
        var body = "<h1>\(HTML.escape(title))</h1>"
        if let apiTitle = reference.title {
            body += "<p class=\"lead\">\(HTML.escape(apiTitle))\(reference.version.map { " <span class=\"version\">\(HTML.escape($0))</span>" } ?? "")</p>"
        }
        body += serversHTML()
        for tag in reference.tags {
            body += "<section class=\"tag-summary\"><h2><a href=\"\(HTML.escape(tag.page))\">\(HTML.escape(tag.name))</a></h2>"
            body += markdown.html(tag.description)
            body += "<ul class=\"operation-list\">"
            for operation in tag.operations {
                body += "<li><a href=\"\(HTML.escape(tag.page))#\(HTML.escape(operation.anchor))\">\(methodBadge(operation.method)) "
                body += "<code>\(HTML.escape(operation.path))</code> \(HTML.escape(operation.summary ?? ""))</a></li>"
            }
            body += "</ul></section>"
        }
        if reference.tags.isEmpty { body += "<p>The API definition has no operations.</p>" }
        return Page(file: SiteFiles.endpoints, title: title, body: body)
    }

    func serversHTML() -> String {
        guard !reference.servers.isEmpty else { return "" }
        var html = "<h2 id=\"servers\">Servers</h2><ul class=\"servers\">"
        for server in reference.servers {
            html += "<li><code>\(HTML.escape(server.url))</code>"
            if let description = server.description { html += " — \(HTML.escape(description))" }
            html += "</li>"
        }
        return html + "</ul>"
    }

    func tagPage(_ tag: APITag) -> Page {
        var body = "<h1>\(HTML.escape(tag.name))</h1>" + markdown.html(tag.description)
        for operation in tag.operations { body += operationHTML(operation) }
        return Page(file: tag.page, title: tag.name, body: body,
                    sections: tag.operations.map { ($0.title, $0.anchor) })
    }

    private func methodBadge(_ method: String) -> String {
        "<span class=\"method method-\(HTML.escape(method))\">\(HTML.escape(method.uppercased()))</span>"
    }

    private func operationHTML(_ operation: APIOperation) -> String {
        var html = "<section class=\"operation\" id=\"\(HTML.escape(operation.anchor))\">"
        html += "<h2><a class=\"anchor\" href=\"#\(HTML.escape(operation.anchor))\" aria-hidden=\"true\">#</a>\(HTML.escape(operation.title))</h2>"
        html += "<p class=\"endpoint\">\(methodBadge(operation.method)) <code class=\"path\">\(HTML.escape(operation.path))</code>"
        if operation.deprecated { html += " <span class=\"deprecated\">deprecated</span>" }
        html += "</p>"
        html += markdown.html(operation.description)
        html += parametersHTML(operation.parameters)
        if let body = operation.body {
            html += "<h3>Request body\(body.required ? " <span class=\"required\">required</span>" : "")</h3>"
            html += markdown.html(body.description)
            html += contentsHTML(body.contents)
        }
        if !operation.responses.isEmpty {
            html += "<h3>Responses</h3>"
            for response in operation.responses {
                let family = response.code.first.map { "s\($0)xx" } ?? "sxxx"
                html += "<div class=\"response\"><p class=\"response-head\"><span class=\"status \(HTML.escape(family))\">\(HTML.escape(response.code))</span></p>"
                html += markdown.html(response.description)
                html += contentsHTML(response.contents)
                html += "</div>"
            }
        }
        html += "<h3>Example request</h3><pre class=\"example\"><code>\(HTML.escape(curl(operation)))</code></pre>"
        return html + "</section>"
    }

    /// Where a parameter goes, in request order, with the heading its table gets.
    private static let locations: [(key: String, title: String)] = [
        ("path", "Path parameters"), ("query", "Query parameters"), ("header", "Header parameters"),
        ("cookie", "Cookie parameters"), ("formData", "Form fields"),
    ]

    /// One table per location, the same three columns as a schema's fields (name with its
    /// required mark, type, description), which also folds well on a phone.
    private func parametersHTML(_ parameters: [APIParameter]) -> String {
        guard !parameters.isEmpty else { return "" }
        let known = Set(Self.locations.map(\.key))
        let groups = Self.locations.map { location in (location.title, parameters.filter { $0.location == location.key }) }
            + [("Other parameters", parameters.filter { !known.contains($0.location) })]
        var html = ""
        for (title, group) in groups where !group.isEmpty {
            html += "<h3>\(title)</h3><table class=\"params\"><thead><tr><th>Name</th><th>Type</th><th>Description</th></tr></thead><tbody>"
            for parameter in group {
                html += "<tr><td><code>\(HTML.escape(parameter.name))</code>"
                if parameter.required { html += " <span class=\"required\">required</span>" }
                if !known.contains(parameter.location) { html += " <span class=\"format\">(\(HTML.escape(parameter.location)))</span>" }
                html += "</td><td>\(parameter.schema.map { schemas.typeLabel($0) } ?? "")</td><td>"
                html += markdown.html(parameter.description)
                if let schema = parameter.schema { html += schemas.constraints(schema.value) }
                if parameter.deprecated { html += "<p><span class=\"deprecated\">deprecated</span></p>" }
                html += "</td></tr>"
            }
            html += "</tbody></table>"
        }
        return html
    }

    private func contentsHTML(_ contents: [APIContent]) -> String {
        var html = ""
        for content in contents {
            html += "<div class=\"media\"><p class=\"media-type\"><code>\(HTML.escape(content.mediaType))</code>"
            if let schema = content.schema {
                html += " " + schemas.typeLabel(schema) + "</p>"
                html += schemas.details(schema, expandModel: true, withConstraints: true)
            } else {
                html += "</p>"
            }
            if let example = content.example {
                html += "<details class=\"example\" open><summary>Example</summary><pre><code>\(HTML.escape(example.prettyJSON()))</code></pre></details>"
            }
            html += "</div>"
        }
        return html
    }

    private func curl(_ operation: APIOperation) -> String {
        let base = reference.servers.first?.url ?? ""
        var command = "curl -X \(operation.method.uppercased()) '\(base)\(operation.path)'"
        for parameter in operation.parameters where parameter.location == "header" && parameter.required {
            command += " \\\n  -H '\(parameter.name): <\(parameter.name)>'"
        }
        if let body = operation.body, let type = body.contents.first?.mediaType.split(separator: ",").first {
            command += " \\\n  -H 'Content-Type: \(type)' \\\n  -d @body.json"
        }
        return command
    }
}
