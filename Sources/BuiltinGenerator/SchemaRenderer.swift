import HTMLEscaping
/// Renders schemas as HTML: a one-line type label (`array of <a>Pet</a>`) and a details block
/// (properties table, compositions, constraints). Named models (components/schemas,
/// definitions) are never inlined inside another schema, only linked, which keeps cycles
/// (Pet -> owner -> Person -> pets -> Pet) finite; other `$ref`s are inlined with a guard.
final class SchemaRenderer {
    private let resolver: RefResolver
    private let reference: APIReference
    private let modelsPage: String
    private let markdown: MarkdownCache
    private let maxDepth = 8

    init(resolver: RefResolver, reference: APIReference, modelsPage: String, markdown: MarkdownCache) {
        self.resolver = resolver
        self.reference = reference
        self.modelsPage = modelsPage
        self.markdown = markdown
    }

    /// One hop of `$ref` at a time: stops at a named model, otherwise keeps following.
    private enum Resolution {
        case model(APIModelDefinition)
        case inline(SchemaNode, id: String?)
        case broken(String)
    }

    private func resolve(_ node: SchemaNode) -> Resolution {
        var current = node
        var id: String?
        var hops = 0
        while let ref = current.value["$ref"]?.text {
            hops += 1
            guard hops <= 32, case .success(let target) = resolver.lookup(ref, from: current.document) else {
                return .broken(ref)
            }
            if let index = reference.modelIndex[target.id] { return .model(reference.models[index]) }
            current = SchemaNode(value: target.value, document: target.document)
            id = target.id
        }
        return .inline(current, id: id)
    }

    func modelLink(_ model: APIModelDefinition) -> String {
        "<a class=\"model-link\" href=\"\(modelsPage)#\(HTML.escape(model.anchor))\">\(HTML.escape(model.name))</a>"
    }

    // MARK: type label

    func typeLabel(_ node: SchemaNode, depth: Int = 0) -> String {
        guard depth < maxDepth else { return "…" }
        switch resolve(node) {
        case .model(let model): return modelLink(model)
        case .broken(let ref): return "<span class=\"broken\">unresolved \(HTML.escape(ref))</span>"
        case .inline(let schema, _):
            return inlineTypeLabel(schema, depth: depth)
        }
    }

    private func inlineTypeLabel(_ schema: SchemaNode, depth: Int) -> String {
        let value = schema.value
        var label: String
        let types = value["type"].map { $0.array?.compactMap(\.text) ?? [$0.text].compactMap { $0 } } ?? []
        let nonNull = types.filter { $0 != "null" }
        if nonNull.contains("array") || (nonNull.isEmpty && value["items"] != nil) {
            label = value["items"].map { "array of " + typeLabel(SchemaNode(value: $0, document: schema.document), depth: depth + 1) } ?? "array"
        } else if let additional = value["additionalProperties"], additional.object != nil, value["properties"] == nil {
            label = "map of " + typeLabel(SchemaNode(value: additional, document: schema.document), depth: depth + 1)
        } else if let first = nonNull.first {
            label = HTML.escape(nonNull.count > 1 ? nonNull.joined(separator: " | ") : first)
            if let format = value["format"]?.text { label += " <span class=\"format\">(\(HTML.escape(format)))</span>" }
        } else if let (word, variants) = composition(value) {
            let separator = word == "all of" ? " &amp; " : " | "
            label = variants.map { typeLabel(SchemaNode(value: $0, document: schema.document), depth: depth + 1) }.joined(separator: separator)
            if variants.count > 1 { label = "\(word) (\(label))" }
        } else if value["properties"] != nil {
            label = "object"
        } else if value["enum"] != nil {
            label = "enum"
        } else {
            label = "any"
        }
        if types.contains("null") || value["nullable"]?.bool == true || value["x-nullable"]?.bool == true { label += " | null" }
        return label
    }

    private func composition(_ value: Value) -> (String, [Value])? {
        for (key, word) in [("allOf", "all of"), ("oneOf", "one of"), ("anyOf", "any of")] {
            if let variants = value[key]?.array, !variants.isEmpty { return (word, variants) }
        }
        return nil
    }

    // MARK: details

    /// The block under a type label. `expandModel` shows a named model's own properties
    /// (used for bodies and the models page); nested models are always just links.
    /// `withConstraints` adds the schema's own enum/limits line (a property row shows it already).
    func details(_ node: SchemaNode, expandModel: Bool = false, withConstraints: Bool = false,
                 depth: Int = 0, stack: [String] = []) -> String {
        guard depth < maxDepth else { return "" }
        let schema: SchemaNode
        var stack = stack
        switch resolve(node) {
        case .broken: return ""
        case .model(let model):
            guard expandModel, !stack.contains(model.id) else { return "" }
            stack.append(model.id)
            schema = SchemaNode(value: model.schema.value, document: model.schema.document)
            if case .model = resolve(schema) { return "" }
            return details(schema, withConstraints: withConstraints, depth: depth, stack: stack)
        case .inline(let inline, let id):
            if let id {
                if stack.contains(id) { return "<p class=\"cycle\">Recursive: refers back to \(HTML.escape(id)).</p>" }
                stack.append(id)
            }
            schema = inline
        }
        var html = ""
        let value = schema.value
        if withConstraints { html += constraints(value) }
        if let properties = value["properties"]?.object, !properties.keys.isEmpty {
            let required = Set((value["required"]?.array ?? []).compactMap(\.text))
            html += "<table class=\"fields\"><thead><tr><th>Name</th><th>Type</th><th>Description</th></tr></thead><tbody>"
            for (name, property) in properties.entries {
                let child = SchemaNode(value: property, document: schema.document)
                html += "<tr><td><code>\(HTML.escape(name))</code>"
                if required.contains(name) { html += " <span class=\"required\">required</span>" }
                html += "</td><td>\(typeLabel(child, depth: depth + 1))</td><td>"
                html += markdown.html(property["description"]?.text)
                html += constraints(property)
                let nested = details(child, depth: depth + 1, stack: stack)
                if !nested.isEmpty { html += "<details class=\"nested\"><summary>Fields of \(HTML.escape(name))</summary>\(nested)</details>" }
                html += "</td></tr>"
            }
            html += "</tbody></table>"
        }
        if let items = value["items"] {
            html += details(SchemaNode(value: items, document: schema.document), depth: depth + 1, stack: stack)
        }
        if let additional = value["additionalProperties"], additional.object != nil {
            html += details(SchemaNode(value: additional, document: schema.document), depth: depth + 1, stack: stack)
        }
        for (key, word) in [("allOf", "All of"), ("oneOf", "One of"), ("anyOf", "Any of")] {
            guard let variants = value[key]?.array, !variants.isEmpty else { continue }
            html += "<div class=\"composition\"><p class=\"composition-title\">\(word):</p><ul>"
            for variant in variants {
                let child = SchemaNode(value: variant, document: schema.document)
                html += "<li>\(typeLabel(child, depth: depth + 1))"
                if let title = variant["title"]?.text { html += " <span class=\"variant-title\">\(HTML.escape(title))</span>" }
                html += details(child, withConstraints: true, depth: depth + 1, stack: stack)
                html += "</li>"
            }
            html += "</ul></div>"
        }
        return html
    }

    /// Enum values, default, example, limits and pattern, each escaped.
    func constraints(_ value: Value) -> String {
        var parts: [String] = []
        if let values = value["enum"]?.array, !values.isEmpty {
            parts.append("one of " + values.map { "<code>\(HTML.escape($0.inlineText))</code>" }.joined(separator: ", "))
        }
        if let fallback = value["default"] { parts.append("default <code>\(HTML.escape(fallback.inlineText))</code>") }
        for (key, word) in [("minimum", "min"), ("maximum", "max"), ("minLength", "min length"), ("maxLength", "max length"),
                            ("minItems", "min items"), ("maxItems", "max items")] {
            if let limit = value[key]?.text { parts.append("\(word) \(HTML.escape(limit))") }
        }
        if let pattern = value["pattern"]?.text { parts.append("pattern <code>\(HTML.escape(pattern))</code>") }
        if let example = value["example"] { parts.append("example <code>\(HTML.escape(example.inlineText))</code>") }
        if value["deprecated"]?.bool == true { parts.append("<span class=\"deprecated\">deprecated</span>") }
        return parts.isEmpty ? "" : "<p class=\"constraints\">" + parts.joined(separator: "; ") + "</p>"
    }
}

/// Spec descriptions repeat a lot (shared parameters, generated specs); render each once.
final class MarkdownCache {
    private var cache: [String: String] = [:]

    func html(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "" }
        if let done = cache[text] { return done }
        let rendered = MarkdownRenderer.render(text, anchors: false).html
        cache[text] = rendered
        return rendered
    }
}
