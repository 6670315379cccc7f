import Foundation

/// A synthetic but realistic build directory: an OpenAPI 3 YAML file with `operations`
/// operations (CRUD groups of five per resource, ten resources per tag, two models per
/// resource that reference each other and a shared error model, shared parameters and
/// responses) and `guides` Markdown guides. Size grows linearly with both numbers.
struct GeneratedBuild {
    let operations: Int
    let guides: Int

    func write(to root: URL) throws {
        try write("""
        {
          "$schema": "https://titan.apimatic.io/api/build/schema",
          "buildFileVersion": "1",
          "generatePortal": {
            "pageTitle": "Generated API (\(operations) operations)",
            "navTitle": "Generated API",
            "apiSpecPath": "./spec",
            "contentFolder": "./content",
            "languageConfig": {"http": {}}
          }
        }

        """, to: root.appendingPathComponent("APIMATIC-BUILD.json"))
        try write(spec(), to: root.appendingPathComponent("spec/openapi.yaml"))
        for index in 0..<guides {
            try write(guide(index), to: root.appendingPathComponent("content/guides/guide-\(index).md"))
        }
    }

    private func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    private var resources: Int { max(1, (operations + 4) / 5) }

    func spec() -> String {
        var out = """
        openapi: 3.0.3
        info:
          title: Generated API
          version: 1.0.0
          description: A generated API with \(operations) operations, used to benchmark the built-in generator.
        servers:
          - url: https://api.example.com/v1
        paths:

        """
        out.reserveCapacity(operations * 900)
        var written = 0
        for r in 0..<resources where written < operations {
            let tag = "Group \(r / 10)"
            let name = "Resource\(r)"
            let path = "/resources-\(r)"
            var collection = "  \(path):\n"
            var item = "  \(path)/{id}:\n    parameters:\n      - $ref: '#/components/parameters/Id'\n"
            let ops: [(String, Bool, String)] = [
                ("get", false, """
                      summary: List \(name) items
                      description: Returns one page of **\(name)** items, newest first.
                      parameters:
                        - $ref: '#/components/parameters/Limit'
                        - $ref: '#/components/parameters/Cursor'
                        - name: q
                          in: query
                          description: Full-text filter.
                          schema: {type: string, maxLength: 200}
                      responses:
                        '200':
                          description: A page of items.
                          content:
                            application/json:
                              schema:
                                type: object
                                properties:
                                  items: {type: array, items: {$ref: '#/components/schemas/\(name)'}}
                                  nextCursor: {type: string, nullable: true}
                        '401': {$ref: '#/components/responses/Error'}

                """),
                ("post", false, """
                      summary: Create a \(name)
                      requestBody:
                        required: true
                        content:
                          application/json:
                            schema: {$ref: '#/components/schemas/New\(name)'}
                            example: {name: example, size: 3}
                      responses:
                        '201':
                          description: Created.
                          content:
                            application/json:
                              schema: {$ref: '#/components/schemas/\(name)'}
                        '400': {$ref: '#/components/responses/Error'}

                """),
                ("get", true, """
                      summary: Get a \(name)
                      responses:
                        '200':
                          description: The item.
                          content:
                            application/json:
                              schema: {$ref: '#/components/schemas/\(name)'}
                        '404': {$ref: '#/components/responses/Error'}

                """),
                ("put", true, """
                      summary: Replace a \(name)
                      requestBody:
                        required: true
                        content:
                          application/json:
                            schema: {$ref: '#/components/schemas/New\(name)'}
                      responses:
                        '200':
                          description: The replaced item.
                          content:
                            application/json:
                              schema: {$ref: '#/components/schemas/\(name)'}
                        '404': {$ref: '#/components/responses/Error'}

                """),
                ("delete", true, """
                      summary: Delete a \(name)
                      responses:
                        '204': {description: Deleted.}
                        '404': {$ref: '#/components/responses/Error'}

                """),
            ]
            for (index, (method, onItem, body)) in ops.enumerated() where written < operations {
                let text = "    \(method):\n      tags: ['\(tag)']\n      operationId: \(method)\(name)\(index)\n" + body
                if onItem { item += text } else { collection += text }
                written += 1
            }
            out += collection
            if item.contains("summary:") { out += item }
        }
        out += """
        components:
          parameters:
            Id: {name: id, in: path, required: true, description: The item's id., schema: {type: string, format: uuid}}
            Limit: {name: limit, in: query, description: Items per page., schema: {type: integer, minimum: 1, maximum: 100, default: 20}}
            Cursor: {name: cursor, in: query, description: The `nextCursor` of the previous page., schema: {type: string}}
          responses:
            Error:
              description: The request failed.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Error'}
          schemas:
            Error:
              type: object
              required: [code, message]
              properties:
                code: {type: string, example: not_found}
                message: {type: string}

        """
        for r in 0..<resources {
            out += """
                New\(name(r)):
                  type: object
                  required: [name]
                  properties:
                    name: {type: string, maxLength: 64, description: Display name.}
                    size: {type: integer, minimum: 0}
                    kind: {type: string, enum: [small, medium, large]}
                    related: {$ref: '#/components/schemas/\(name((r + 1) % resources))'}
                \(name(r)):
                  allOf:
                    - $ref: '#/components/schemas/New\(name(r))'
                    - type: object
                      required: [id]
                      properties:
                        id: {type: string, format: uuid, readOnly: true}
                        createdAt: {type: string, format: date-time}

            """
        }
        return out
    }

    private func name(_ r: Int) -> String { "Resource\(r)" }

    func guide(_ index: Int) -> String {
        """
        # Guide \(index)

        This guide explains one part of the generated API. It links to [the next guide](guide-\((index + 1) % max(guides, 1)).md)
        and shows a request, a table and a list, like a real guide would.

        ## Making a request

        ```bash
        curl https://api.example.com/v1/resources-\(index) -H "Authorization: Bearer $TOKEN"
        ```

        | Field | Meaning |
        |-------|---------|
        | `name` | Display name |
        | `size` | How big it is |

        - First, create an item.
        - Then, **list** the items.

        """
    }
}
