/// A schema node together with the file it came from, which its `$ref`s are relative to.
struct SchemaNode {
    let value: Value
    let document: String
}

struct APIParameter {
    let name: String
    let location: String
    let required: Bool
    let deprecated: Bool
    let description: String?
    let schema: SchemaNode?
}

struct APIContent {
    let mediaType: String
    let schema: SchemaNode?
    var example: Value?
}

struct APIBody {
    let description: String?
    let required: Bool
    let contents: [APIContent]
}

struct APIResponse {
    let code: String
    let description: String?
    let contents: [APIContent]
}

struct APIOperation {
    let method: String
    let path: String
    let summary: String?
    let description: String?
    let operationID: String?
    let deprecated: Bool
    let tag: String
    let parameters: [APIParameter]
    let body: APIBody?
    let responses: [APIResponse]
    var anchor = ""
    /// Page file of its tag, set when tags are laid out.
    var page = ""

    var title: String { summary ?? operationID ?? "\(method.uppercased()) \(path)" }
}

struct APITag {
    let name: String
    var description: String?
    var operations: [APIOperation] = []
    var page = ""
}

struct APIModelDefinition {
    let name: String
    /// RefResolver target id of the definition, how `$ref`s find it.
    let id: String
    let schema: SchemaNode
    var anchor = ""
}

struct APIServer: Hashable {
    let url: String
    let description: String?
}

struct APISecurityScheme {
    let name: String
    let type: String
    let summary: String
    let description: String?
}

/// The API reference of one portal version, merged over every root definition.
struct APIReference {
    var title: String?
    var version: String?
    var description: String?
    var servers: [APIServer] = []
    var security: [APISecurityScheme] = []
    var tags: [APITag] = []
    var models: [APIModelDefinition] = []
    /// Model index by target id, for O(1) `$ref` -> model link.
    var modelIndex: [String: Int] = [:]

    var operationCount: Int { tags.reduce(0) { $0 + $1.operations.count } }
    var isEmpty: Bool { tags.isEmpty && models.isEmpty }
}
