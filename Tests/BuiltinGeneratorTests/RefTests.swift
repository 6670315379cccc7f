import Foundation
import Testing
@testable import BuiltinGenerator

@Suite struct RefTests {
    @Test func modelCyclesBecomeLinks() throws {
        try render(["spec/api.yaml": """
            openapi: 3.0.0
            info: {title: T, version: "1"}
            paths:
              /nodes:
                get:
                  responses:
                    '200':
                      description: OK
                      content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}
            components:
              schemas:
                Node:
                  type: object
                  properties:
                    parent: {$ref: '#/components/schemas/Node'}
                    children: {type: array, items: {$ref: '#/components/schemas/Node'}}
                    both: {allOf: [{$ref: '#/components/schemas/Node'}, {$ref: '#/components/schemas/Alias'}]}
                Alias: {$ref: '#/components/schemas/Node'}
            """]) { output in
            let node = section("node", in: read(output.appendingPathComponent("models.html")))
            #expect(node.contains("<tr><td><code>parent</code></td><td><a class=\"model-link\" href=\"models.html#node\">Node</a></td>"))
            #expect(node.contains("<tr><td><code>children</code></td><td>array of <a class=\"model-link\" href=\"models.html#node\">Node</a></td>"))
            #expect(node.contains("all of (<a class=\"model-link\" href=\"models.html#node\">Node</a> &amp; <a class=\"model-link\" href=\"models.html#alias\">Alias</a>)"))
            let alias = section("alias", in: read(output.appendingPathComponent("models.html")))
            #expect(alias.contains("Type: <a class=\"model-link\" href=\"models.html#node\">Node</a>"))
            let page = read(output.appendingPathComponent("api-default.html"))
            #expect(page.contains("<code>application/json</code> <a class=\"model-link\" href=\"models.html#node\">Node</a></p><table class=\"fields\">"))
            #expect(brokenLinks(in: output) == [])
        }
    }

    @Test func inlineRecursionThroughAnotherFileStopsWithANote() throws {
        try render([
            "spec/api.yaml": """
            openapi: 3.0.0
            info: {title: T, version: "1"}
            paths:
              /tree:
                get:
                  parameters: [{$ref: 'shared/params.yaml#/Depth'}]
                  responses:
                    '200': {$ref: 'shared/params.yaml#/TreeResponse'}
            """,
            "spec/shared/params.yaml": """
            Depth: {name: depth, in: query, required: true, schema: {type: integer, maximum: 9}}
            TreeResponse:
              description: A tree.
              content: {application/json: {schema: {$ref: '../tree.yaml'}}}
            """,
            "spec/tree.yaml": """
            type: object
            properties:
              name: {type: string}
              sub: {$ref: './tree.yaml'}
            """,
        ]) { output in
            let page = read(output.appendingPathComponent("api-default.html"))
            #expect(page.contains("<tr><td><code>depth</code> <span class=\"required\">required</span></td><td>integer</td><td><p class=\"constraints\">max 9</p></td></tr>"))
            #expect(page.contains("<p>A tree.</p>"))
            #expect(page.contains("<tr><td><code>sub</code></td><td>object</td><td><details class=\"nested\"><summary>Fields of sub</summary><p class=\"cycle\">Recursive: refers back to spec/tree.yaml#.</p></details></td></tr>"))
        }
    }

    @Test func refsToModelsInOtherFilesLinkToThem() throws {
        try render([
            "spec/api.yaml": """
            openapi: 3.0.0
            info: {title: T, version: "1"}
            paths:
              /m:
                get:
                  responses:
                    '200':
                      description: OK
                      content: {application/json: {schema: {$ref: 'models.yaml#/components/schemas/Money'}}}
            """,
            "spec/models.yaml": "components:\n  schemas:\n    Money: {type: object, properties: {amount: {type: string}}}\n",
        ]) { output in
            let page = read(output.appendingPathComponent("api-default.html"))
            #expect(page.contains("<a class=\"model-link\" href=\"models.html#money\">Money</a>"))
            #expect(read(output.appendingPathComponent("models.html")).contains("<section class=\"model\" id=\"money\">"))
        }
    }

    @Test func examplesAreShownPrettyPrintedAndEscaped() throws {
        try render(["spec/api.yaml": """
            openapi: 3.0.0
            info: {title: T, version: "1"}
            paths:
              /e:
                get:
                  responses:
                    '200':
                      description: OK
                      content:
                        application/json:
                          schema: {type: object}
                          examples:
                            first: {$ref: '#/components/examples/One'}
            components:
              examples:
                One: {value: {name: "<b>Rex</b>", tags: [a, 2]}}
            """]) { output in
            let page = read(output.appendingPathComponent("api-default.html"))
            #expect(page.contains("""
            <details class="example" open><summary>Example</summary><pre><code>{
              &quot;name&quot;: &quot;&lt;b&gt;Rex&lt;/b&gt;&quot;,
              &quot;tags&quot;: [
                &quot;a&quot;,
                2
              ]
            }</code></pre></details>
            """))
        }
    }
}
