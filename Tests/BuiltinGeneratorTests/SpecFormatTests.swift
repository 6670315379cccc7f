import Foundation
import Testing
@testable import BuiltinGenerator

/// The same small API written in the four accepted formats must render identically.
enum PetSpecs {
    static let openAPIYAML = """
    openapi: 3.0.3
    info: {title: Pets, version: "1.0"}
    servers: [{url: "https://petstore.example/v1"}]
    paths:
      /pets/{petId}:
        get:
          tags: [pets]
          operationId: getPet
          summary: Find a pet
          description: Returns **one** pet.
          parameters:
            - {name: petId, in: path, required: true, description: Id of the pet., schema: {type: string}}
            - {name: verbose, in: query, schema: {type: boolean, default: false}}
          responses:
            '200':
              description: The pet.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Pet'}
            '404': {description: Not found.}
    components:
      schemas:
        Pet:
          type: object
          required: [id]
          properties:
            id: {type: integer, format: int64}
            name: {type: string, description: The pet's name.}
            status: {type: string, enum: [available, sold]}
    """

    static let openAPIJSON = """
    {"openapi": "3.0.3", "info": {"title": "Pets", "version": "1.0"},
     "servers": [{"url": "https://petstore.example/v1"}],
     "paths": {"/pets/{petId}": {"get": {
       "tags": ["pets"], "operationId": "getPet", "summary": "Find a pet", "description": "Returns **one** pet.",
       "parameters": [
         {"name": "petId", "in": "path", "required": true, "description": "Id of the pet.", "schema": {"type": "string"}},
         {"name": "verbose", "in": "query", "schema": {"type": "boolean", "default": false}}],
       "responses": {
         "200": {"description": "The pet.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}},
         "404": {"description": "Not found."}}}}},
     "components": {"schemas": {"Pet": {"type": "object", "required": ["id"], "properties": {
       "id": {"type": "integer", "format": "int64"},
       "name": {"type": "string", "description": "The pet's name."},
       "status": {"type": "string", "enum": ["available", "sold"]}}}}}}
    """

    static let swaggerYAML = """
    swagger: "2.0"
    info: {title: Pets, version: "1.0"}
    host: petstore.example
    basePath: /v1
    schemes: [https]
    produces: [application/json]
    paths:
      /pets/{petId}:
        get:
          tags: [pets]
          operationId: getPet
          summary: Find a pet
          description: Returns **one** pet.
          parameters:
            - {name: petId, in: path, required: true, description: Id of the pet., type: string}
            - {name: verbose, in: query, type: boolean, default: false}
          responses:
            '200':
              description: The pet.
              schema: {$ref: '#/definitions/Pet'}
            '404': {description: Not found.}
    definitions:
      Pet:
        type: object
        required: [id]
        properties:
          id: {type: integer, format: int64}
          name: {type: string, description: The pet's name.}
          status: {type: string, enum: [available, sold]}
    """

    static let swaggerJSON = """
    {"swagger": "2.0", "info": {"title": "Pets", "version": "1.0"},
     "host": "petstore.example", "basePath": "/v1", "schemes": ["https"], "produces": ["application/json"],
     "paths": {"/pets/{petId}": {"get": {
       "tags": ["pets"], "operationId": "getPet", "summary": "Find a pet", "description": "Returns **one** pet.",
       "parameters": [
         {"name": "petId", "in": "path", "required": true, "description": "Id of the pet.", "type": "string"},
         {"name": "verbose", "in": "query", "type": "boolean", "default": false}],
       "responses": {
         "200": {"description": "The pet.", "schema": {"$ref": "#/definitions/Pet"}},
         "404": {"description": "Not found."}}}}},
     "definitions": {"Pet": {"type": "object", "required": ["id"], "properties": {
       "id": {"type": "integer", "format": "int64"},
       "name": {"type": "string", "description": "The pet's name."},
       "status": {"type": "string", "enum": ["available", "sold"]}}}}}
    """

    static let goldenOperation = """
    <section class="operation" id="getpet"><h2><a class="anchor" href="#getpet" aria-hidden="true">#</a>Find a pet</h2>\
    <p class="endpoint"><span class="method method-get">GET</span> <code class="path">/pets/{petId}</code></p>\
    <p>Returns <strong>one</strong> pet.</p>
    <h3>Path parameters</h3><table class="params"><thead><tr><th>Name</th><th>Type</th><th>Description</th></tr></thead><tbody>\
    <tr><td><code>petId</code> <span class="required">required</span></td><td>string</td><td><p>Id of the pet.</p>
    </td></tr>\
    </tbody></table>\
    <h3>Query parameters</h3><table class="params"><thead><tr><th>Name</th><th>Type</th><th>Description</th></tr></thead><tbody>\
    <tr><td><code>verbose</code></td><td>boolean</td><td><p class="constraints">default <code>false</code></p></td></tr>\
    </tbody></table>\
    <h3>Responses</h3><div class="response"><p class="response-head"><span class="status s2xx">200</span></p><p>The pet.</p>
    <div class="media"><p class="media-type"><code>application/json</code> <a class="model-link" href="models.html#pet">Pet</a></p>\
    <table class="fields"><thead><tr><th>Name</th><th>Type</th><th>Description</th></tr></thead><tbody>\
    <tr><td><code>id</code> <span class="required">required</span></td><td>integer <span class="format">(int64)</span></td><td></td></tr>\
    <tr><td><code>name</code></td><td>string</td><td><p>The pet's name.</p>
    </td></tr>\
    <tr><td><code>status</code></td><td>string</td><td><p class="constraints">one of <code>available</code>, <code>sold</code></p></td></tr>\
    </tbody></table></div></div>\
    <div class="response"><p class="response-head"><span class="status s4xx">404</span></p><p>Not found.</p>
    </div>\
    <h3>Example request</h3><pre class="example"><code>curl -X GET &#39;https://petstore.example/v1/pets/{petId}&#39;</code></pre></section>
    """
}

@Suite struct SpecFormatTests {
    @Test(arguments: [("openapi.yaml", PetSpecs.openAPIYAML), ("openapi.json", PetSpecs.openAPIJSON),
                      ("swagger.yml", PetSpecs.swaggerYAML), ("swagger.json", PetSpecs.swaggerJSON)])
    func everyFormatRendersTheSameOperationAndModel(file: String, spec: String) throws {
        try render(["spec/" + file: spec]) { output in
            let tagPage = read(output.appendingPathComponent("api-pets.html"))
            #expect(section("getpet", in: tagPage) == PetSpecs.goldenOperation)
            let models = read(output.appendingPathComponent("models.html"))
            #expect(section("pet", in: models).contains("<h2><a class=\"anchor\" href=\"#pet\" aria-hidden=\"true\">#</a>Pet</h2>"))
            #expect(section("pet", in: models).contains("<td><code>status</code></td><td>string</td>"))
            let start = read(output.appendingPathComponent("getting-started.html"))
            #expect(start.contains("<li><code>https://petstore.example/v1</code></li>"))
            #expect(brokenLinks(in: output) == [])
        }
    }

    @Test func severalSpecsInTheFolderAreMergedAndMetaFileIgnored() throws {
        try render([
            "spec/a.yaml": PetSpecs.openAPIYAML,
            "spec/b.json": """
            {"openapi": "3.1.0", "info": {"title": "Stores", "version": "1"},
             "paths": {"/stores": {"get": {"tags": ["stores"], "summary": "List stores",
               "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                 "type": ["array", "null"], "items": {"$ref": "a.yaml#/components/schemas/Pet"}}}}}}}}}}
            """,
            "spec/APIMATIC-META.json": "{ this is not even JSON",
        ]) { output in
            let stores = read(output.appendingPathComponent("api-stores.html"))
            #expect(stores.contains("<code>application/json</code> array of <a class=\"model-link\" href=\"models.html#pet\">Pet</a> | null</p>"))
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("api-pets.html").path))
            let search = read(output.appendingPathComponent("search-index.json"))
            #expect(search.contains("{\"title\":\"List stores\",\"url\":\"api-stores.html#get-stores\",\"kind\":\"operation\",\"detail\":\"GET /stores\"}"))
            #expect(search.contains("{\"title\":\"Find a pet\",\"url\":\"api-pets.html#getpet\",\"kind\":\"operation\",\"detail\":\"GET /pets/{petId}\"}"))
        }
    }

    @Test func swaggerBodyAndFormParametersAreShown() throws {
        try render(["spec/s.yaml": """
            swagger: "2.0"
            info: {title: S, version: "1"}
            consumes: [application/json, application/xml]
            paths:
              /pets:
                post:
                  summary: Add
                  parameters:
                    - {name: body, in: body, required: true, schema: {type: object, properties: {name: {type: string}}}}
                  responses: {'201': {description: Created}}
              /upload:
                post:
                  summary: Upload
                  consumes: [multipart/form-data]
                  parameters:
                    - {name: file, in: formData, type: file, required: true}
                  responses: {'200': {description: OK}}
            """]) { output in
            let page = read(output.appendingPathComponent("api-default.html"))
            #expect(page.contains("<h3>Request body <span class=\"required\">required</span></h3><div class=\"media\"><p class=\"media-type\"><code>application/json, application/xml</code> object</p>"))
            #expect(page.contains("<h3>Form fields</h3><table class=\"params\"><thead><tr><th>Name</th><th>Type</th><th>Description</th></tr></thead><tbody>"
                                  + "<tr><td><code>file</code> <span class=\"required\">required</span></td><td>file</td>"))
        }
    }

    @Test func parametersAreGroupedByLocationInRequestOrder() throws {
        try render(["spec/openapi.yaml": """
            openapi: 3.0.3
            info: {title: P, version: "1"}
            paths:
              /items/{id}:
                get:
                  summary: Get item
                  parameters:
                    - {name: session, in: cookie, schema: {type: string}}
                    - {name: X-Trace, in: header, required: true, schema: {type: string}}
                    - {name: fields, in: query, schema: {type: string}}
                    - {name: id, in: path, required: true, schema: {type: integer}}
                    - {name: odd, in: matrix, schema: {type: string}}
                  responses: {'200': {description: OK}}
            """]) { output in
            let page = mainContent(read(output.appendingPathComponent("api-default.html")))
            let headings = ["Path parameters", "Query parameters", "Header parameters", "Cookie parameters", "Other parameters"]
            let positions = headings.compactMap { page.range(of: "<h3>\($0)</h3>")?.lowerBound }
            #expect(positions.count == headings.count, "\(page)")
            #expect(positions == positions.sorted())
            #expect(page.contains("<h3>Header parameters</h3><table class=\"params\"><thead><tr><th>Name</th><th>Type</th><th>Description</th></tr></thead>"
                                  + "<tbody><tr><td><code>X-Trace</code> <span class=\"required\">required</span></td><td>string</td>"))
            #expect(page.contains("<td><code>odd</code> <span class=\"format\">(matrix)</span></td>"))
        }
    }
}
