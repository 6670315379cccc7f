/// Builds an `APIReference` from OpenAPI 3.x and Swagger 2.0 documents.
struct APIReader {
    let specs: SpecSet
    let resolver: RefResolver

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    func read() -> APIReference {
        var reference = APIReference()
        var tagIndex: [String: Int] = [:]
        var serversSeen: Set<APIServer> = []
        var securitySeen: Set<String> = []

        for path in specs.roots {
            guard let document = specs.documents[path], let root = document.value.object else { continue }
            let isSwagger = document.kind == .swagger2
            let info = root["info"]
            if reference.title == nil {
                reference.title = info?["title"]?.text
                reference.version = info?["version"]?.text
                reference.description = info?["description"]?.text
            }
            for server in isSwagger ? swaggerServers(root) : openAPIServers(root) where serversSeen.insert(server).inserted {
                reference.servers.append(server)
            }
            for scheme in securitySchemes(root, swagger: isSwagger, document: path) where securitySeen.insert(scheme.name).inserted {
                reference.security.append(scheme)
            }
            for tag in root["tags"]?.array ?? [] {
                guard let name = tag["name"]?.text else { continue }
                if let existing = tagIndex[name] {
                    if reference.tags[existing].description == nil { reference.tags[existing].description = tag["description"]?.text }
                } else {
                    tagIndex[name] = reference.tags.count
                    reference.tags.append(APITag(name: name, description: tag["description"]?.text))
                }
            }
            for operation in operations(root, swagger: isSwagger, document: path) {
                if tagIndex[operation.tag] == nil {
                    tagIndex[operation.tag] = reference.tags.count
                    reference.tags.append(APITag(name: operation.tag))
                }
                if let index = tagIndex[operation.tag] { reference.tags[index].operations.append(operation) }
            }
        }
        reference.tags.removeAll { $0.operations.isEmpty }
        readModels(into: &reference)
        return reference
    }

    // MARK: models

    private func readModels(into reference: inout APIReference) {
        // Definitions from every file of the spec folder (roots first), so models split into
        // separate files still get a page entry.
        let order = specs.roots + specs.documents.keys.sorted().filter { !specs.roots.contains($0) }
        for path in order {
            guard let value = specs.documents[path]?.value else { continue }
            for (container, pointerBase) in [(value["components"]?["schemas"], "/components/schemas/"),
                                             (value["definitions"], "/definitions/")] {
                guard let schemas = container?.object else { continue }
                for (name, schema) in schemas.entries {
                    let id = path + "#" + pointerBase + RefResolver.escapePointerToken(name)
                    reference.modelIndex[id] = reference.models.count
                    reference.models.append(APIModelDefinition(name: name, id: id, schema: SchemaNode(value: schema, document: path)))
                }
            }
        }
    }

    // MARK: servers and security

    private func openAPIServers(_ root: ObjectValue) -> [APIServer] {
        (root["servers"]?.array ?? []).compactMap { server in
            guard var url = server["url"]?.text else { return nil }
            // Show variables with their defaults substituted, as a reader would call it.
            for (name, variable) in server["variables"]?.object?.entries ?? [] {
                if let fallback = variable["default"]?.text { url = url.replacingOccurrences(of: "{\(name)}", with: fallback) }
            }
            return APIServer(url: url, description: server["description"]?.text)
        }
    }

    private func swaggerServers(_ root: ObjectValue) -> [APIServer] {
        guard let host = root["host"]?.text else {
            return root["basePath"]?.text.map { [APIServer(url: $0, description: nil)] } ?? []
        }
        let basePath = root["basePath"]?.text ?? ""
        let schemes = (root["schemes"]?.array ?? []).compactMap(\.text)
        return (schemes.isEmpty ? ["https"] : schemes).map { APIServer(url: "\($0)://\(host)\(basePath)", description: nil) }
    }

    private func securitySchemes(_ root: ObjectValue, swagger: Bool, document: String) -> [APISecurityScheme] {
        let container = swagger ? root["securityDefinitions"] : root["components"]?["securitySchemes"]
        return (container?.object?.entries ?? []).compactMap { name, raw in
            let scheme = resolved(raw, document: document)
            guard let type = scheme["type"]?.text else { return nil }
            var summary = type
            if let location = scheme["in"]?.text, let header = scheme["name"]?.text { summary += " (\(location) \"\(header)\")" }
            if let httpScheme = scheme["scheme"]?.text { summary += " (\(httpScheme)\(scheme["bearerFormat"]?.text.map { ", \($0)" } ?? ""))" }
            if let flow = scheme["flow"]?.text { summary += " (\(flow) flow)" }
            if let flows = scheme["flows"]?.object { summary += " (flows: \(flows.keys.joined(separator: ", ")))" }
            return APISecurityScheme(name: name, type: type, summary: summary, description: scheme["description"]?.text)
        }
    }

    // MARK: operations

    private func resolved(_ value: Value, document: String) -> Value {
        guard let ref = value["$ref"]?.text, case .success(let target) = resolver.resolve(ref, from: document) else { return value }
        return target.value
    }

    /// Like `resolved`, also telling which file the node lives in (its own refs are relative to it).
    private func resolvedNode(_ value: Value, document: String) -> SchemaNode {
        guard let ref = value["$ref"]?.text, case .success(let target) = resolver.resolve(ref, from: document) else {
            return SchemaNode(value: value, document: document)
        }
        return SchemaNode(value: target.value, document: target.document)
    }

    private func operations(_ root: ObjectValue, swagger: Bool, document: String) -> [APIOperation] {
        var result: [APIOperation] = []
        let consumes = (root["consumes"]?.array ?? []).compactMap(\.text)
        let produces = (root["produces"]?.array ?? []).compactMap(\.text)
        for (path, rawItem) in root["paths"]?.object?.entries ?? [] {
            let item = resolvedNode(rawItem, document: document)
            guard let itemObject = item.value.object else { continue }
            let shared = itemObject["parameters"]?.array ?? []
            for method in Self.methods {
                guard let operation = itemObject[method]?.object else { continue }
                let context = OperationContext(swagger: swagger, document: item.document,
                                               consumes: (operation["consumes"]?.array ?? []).compactMap(\.text).nonEmpty ?? consumes,
                                               produces: (operation["produces"]?.array ?? []).compactMap(\.text).nonEmpty ?? produces)
                result.append(read(operation, method: method, path: path, shared: shared, context: context))
            }
        }
        return result
    }

    private struct OperationContext {
        let swagger: Bool
        let document: String
        let consumes: [String]
        let produces: [String]
    }

    private func read(_ operation: ObjectValue, method: String, path: String, shared: [Value], context: OperationContext) -> APIOperation {
        var parameters: [APIParameter] = []
        var body: APIBody?
        var seen: Set<String> = []
        var formFields: [APIParameter] = []
        // Operation parameters override path-level ones with the same name and location.
        for raw in (operation["parameters"]?.array ?? []) + shared {
            let node = resolvedNode(raw, document: context.document)
            guard let name = node.value["name"]?.text, let location = node.value["in"]?.text,
                  seen.insert(location + "\u{0}" + name).inserted else { continue }
            if context.swagger && location == "body" {
                let schema = node.value["schema"].map { SchemaNode(value: $0, document: node.document) }
                // Swagger 2 shares one schema across all media types: show it once.
                let types = (context.consumes.nonEmpty ?? ["application/json"]).joined(separator: ", ")
                body = APIBody(description: node.value["description"]?.text, required: node.value["required"]?.bool ?? false,
                               contents: [APIContent(mediaType: types, schema: schema)])
                continue
            }
            let schema: SchemaNode?
            if context.swagger {
                schema = SchemaNode(value: node.value, document: node.document)   // type/format/items live on the parameter
            } else if let direct = node.value["schema"] {
                schema = SchemaNode(value: direct, document: node.document)
            } else if let first = node.value["content"]?.object?.entries.first?.value["schema"] {
                schema = SchemaNode(value: first, document: node.document)
            } else {
                schema = nil
            }
            let parameter = APIParameter(name: name, location: location,
                                         required: node.value["required"]?.bool ?? (location == "path"),
                                         deprecated: node.value["deprecated"]?.bool ?? false,
                                         description: node.value["description"]?.text, schema: schema)
            if location == "formData" { formFields.append(parameter) } else { parameters.append(parameter) }
        }
        parameters += formFields
        if !context.swagger, let raw = operation["requestBody"] {
            let node = resolvedNode(raw, document: context.document)
            body = APIBody(description: node.value["description"]?.text, required: node.value["required"]?.bool ?? false,
                           contents: contents(node.value["content"], document: node.document))
        }
        var responses: [APIResponse] = []
        for (code, raw) in operation["responses"]?.object?.entries ?? [] {
            let node = resolvedNode(raw, document: context.document)
            let items: [APIContent]
            if context.swagger {
                items = node.value["schema"].map { schema in
                    [APIContent(mediaType: (context.produces.nonEmpty ?? ["application/json"]).joined(separator: ", "),
                                schema: SchemaNode(value: schema, document: node.document),
                                example: node.value["examples"]?.object?.entries.first?.value)]
                } ?? []
            } else {
                items = contents(node.value["content"], document: node.document)
            }
            responses.append(APIResponse(code: code, description: node.value["description"]?.text, contents: items))
        }
        let tag = operation["tags"]?.array?.first?.text ?? "Default"
        return APIOperation(method: method, path: path, summary: operation["summary"]?.text?.nonEmpty,
                            description: operation["description"]?.text, operationID: operation["operationId"]?.text,
                            deprecated: operation["deprecated"]?.bool ?? false, tag: tag, parameters: parameters,
                            body: body, responses: responses)
    }

    /// `example`, or the `value` of the first of `examples` (which may be a `$ref`).
    private func example(of media: Value, document: String) -> Value? {
        if let example = media["example"] { return example }
        guard let first = media["examples"]?.object?.entries.first?.value else { return nil }
        return resolved(first, document: document)["value"]
    }

    private func contents(_ value: Value?, document: String) -> [APIContent] {
        (value?.object?.entries ?? []).map { mediaType, media in
            APIContent(mediaType: mediaType, schema: media["schema"].map { SchemaNode(value: $0, document: document) },
                       example: example(of: media, document: document))
        }
    }
}

extension Array {
    var nonEmpty: Self? { isEmpty ? nil : self }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
