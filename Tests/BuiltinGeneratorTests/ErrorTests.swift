import Diagnostics
import Foundation
import Testing
@testable import BuiltinGenerator

@Suite struct ErrorTests {
    @Test func missingBuildFile() throws {
        try withTempDirectory { root in
            do {
                try PortalGenerator().render(input: root, output: root)
                Issue.record("expected a failure")
            } catch let failure as GeneratorFailure {
                #expect(failure.errors == ["APIMATIC-BUILD.json": ["not found in \(root.path); the build directory needs an APIMATIC-BUILD.json at its root."]])
            }
        }
    }

    @Test func invalidBuildFileJSONNamesLineAndColumn() throws {
        let failure = try failure(["APIMATIC-BUILD.json": "{\n  \"generatePortal\": {\"pageTitle\": \"x\",}\n}\n"])
        #expect(failure?.errors == ["APIMATIC-BUILD.json": ["line 2, column 39: expected a quoted property name (not valid JSON)."]])
    }

    @Test func buildFileWithoutPortalSectionOrWithWrongTypes() throws {
        #expect(try failure(["APIMATIC-BUILD.json": "{\"buildFileVersion\": \"1\"}"])?.errors == ["APIMATIC-BUILD.json": [
            "has no generatePortal (or generateVersionedPortal) object; add one with pageTitle and navTitle.",
        ]])
        #expect(try failure(["APIMATIC-BUILD.json": """
            {"generatePortal": {"pageTitle": {"a": 1}, "apiSpecPath": "../outside", "contentFolder": "./docs"}}
            """])?.errors == ["APIMATIC-BUILD.json": [
            "generatePortal.pageTitle must be a string (line 1, column 20).",
            "generatePortal.apiSpecPath \"../outside\" points outside the build directory; use a path inside it such as ./spec.",
        ]])
        #expect(try failure(["APIMATIC-BUILD.json": "{\"generatePortal\": {\"apiSpecPath\": \"./specs\"}}"])?.errors == [
            "APIMATIC-BUILD.json": ["apiSpecPath \"specs\" does not exist in the build directory."],
        ])
    }

    @Test func invalidSpecFilesNameLineAndColumn() throws {
        let failure = try failure([
            "spec/openapi.yaml": "openapi: 3.0.0\ninfo:\n  title: x\n  version: [1, 2\npaths: {}\n",
            "spec/other.json": "{\"swagger\": \"2.0\",\n \"paths\": {\"/a\": [}}\n",
        ])
        #expect(failure?.errors["spec/openapi.yaml"] == [
            "line 5, column 6: did not find expected ',' or ']' (while parsing a flow sequence at line 4, column 12) (invalid YAML).",
        ])
        #expect(failure?.errors["spec/other.json"] == ["line 2, column 19: unexpected character '}', expected a value (invalid JSON)."])
    }

    @Test func unsupportedVersionsAndShapes() throws {
        let failure = try failure([
            "spec/a.yaml": "openapi: 4.0.0\ninfo: {title: x, version: '1'}\n",
            "spec/b.yaml": "swagger: '1.2'\n",
            "spec/c.yaml": "openapi: 3.0.0\ninfo: x\npaths: [1]\n",
        ])
        #expect(failure?.errors == [
            "spec/a.yaml": ["openapi version \"4.0.0\" is not supported; the built-in generator reads OpenAPI 3.0/3.1 and Swagger 2.0."],
            "spec/b.yaml": ["swagger version \"1.2\" is not supported; use \"2.0\" or OpenAPI 3."],
            "spec/c.yaml": ["`paths` must be a mapping of URL paths to operations (line 1, column 1).",
                            "`info` must be a mapping with title and version."],
        ])
    }

    @Test func specFolderWithoutAnyDefinition() throws {
        let failure = try failure(["spec/notes.yaml": "hello: world\n"])
        #expect(failure?.errors == ["spec": ["holds no OpenAPI 3.x or Swagger 2.0 definition (a file with an `openapi: 3.x` or `swagger: \"2.0\"` field)."]])
    }

    @Test func everyUnresolvedRefIsListedWithItsPointerAndLine() throws {
        let failure = try failure([
            "spec/openapi.yaml": """
            openapi: 3.0.0
            info: {title: T, version: "1"}
            paths:
              /pets/{id}:
                get:
                  parameters:
                    - $ref: '#/components/parameters/Missing'
                  responses:
                    '200':
                      description: OK
                      content:
                        application/json:
                          schema: {$ref: 'models.yaml#/Pet'}
                    '404':
                      $ref: 'nowhere.yaml#/NotFound'
            components:
              schemas:
                Pet:
                  properties:
                    owner: {$ref: '#/components/schemas/Owner'}
                    example: {$ref: '#/not/checked'}
                  example: {$ref: 'is data, not a reference'}
            """,
            "spec/models.yaml": "Other: {type: string}\n",
        ])
        #expect(failure?.errors == ["spec/openapi.yaml": [
            "line 7, column 11: unresolved $ref \"#/components/parameters/Missing\" at #/paths/~1pets~1{id}/get/parameters/0: spec/openapi.yaml has nothing at /components/parameters/Missing.",
            "line 13, column 23: unresolved $ref \"models.yaml#/Pet\" at #/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema: spec/models.yaml has nothing at /Pet.",
            "line 15, column 11: unresolved $ref \"nowhere.yaml#/NotFound\" at #/paths/~1pets~1{id}/get/responses/404: the file spec/nowhere.yaml is not in the spec folder.",
            "line 20, column 16: unresolved $ref \"#/components/schemas/Owner\" at #/components/schemas/Pet/properties/owner: spec/openapi.yaml has nothing at /components/schemas/Owner.",
            "line 21, column 18: unresolved $ref \"#/not/checked\" at #/components/schemas/Pet/properties/example: spec/openapi.yaml has nothing at /not/checked.",
        ]])
    }

    @Test func tocProblemsNameTheEntryLineAndColumn() throws {
        let failure = try failure([
            "spec/openapi.yaml": tinySpec,
            "content/intro.md": "# Intro\n",
            "content/toc.yml": """
            toc:
              - group: Guides
                items:
                  - page: Introduction
                    file: intro.md
                  - page: Missing
                    file: guides/missing.md
                  - page: No file
              - generate: Things
                from: everything
              - dir: nonexistent
              - bogus: 1
            """,
        ])
        #expect(failure?.errors == ["content/toc.yml": [
            "line 6, column 9 (toc[0].items[1]): page \"Missing\" names file \"guides/missing.md\", which does not exist in the content folder; create it or fix the path.",
            "line 8, column 9 (toc[0].items[2]): page \"No file\" has no `file:`; add the Markdown file's path relative to the content folder.",
            "line 9, column 5 (toc[1]): generate \"Things\" has unknown from: \"everything\"; use endpoints, models or getting-started.",
            "line 11, column 5 (toc[2]): dir \"nonexistent\" is not a folder in the content folder; create it or fix the name.",
            "line 12, column 5 (toc[3]): unknown entry (keys: bogus); use group, page, dir or generate.",
        ]])
    }

    @Test func invalidTocYAMLAndGeneratedPagesWithoutASpec() throws {
        let invalid = try failure(["content/toc.yml": "toc:\n  - page: A\n   file: a.md\n"])?.errors
        #expect(invalid == ["content/toc.yml": [
            "line 3, column 4: did not find expected '-' indicator (while parsing a block collection at line 2, column 3) (invalid YAML).",
        ]])
        #expect(try failure(["content/toc.yml": "toc:\n  - generate: API\n    from: endpoints\n"])?.errors == ["content/toc.yml": [
            "generate \"API\" from endpoints needs an API definition, but spec/ has none; add an OpenAPI file there or remove the entry.",
        ]])
    }

    @Test func problemsInEveryFileAreReportedTogetherAndNothingIsWritten() throws {
        try withTempDirectory { root in
            let input = root.appendingPathComponent("in")
            let output = root.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            try writeFiles([
                "APIMATIC-BUILD.json": "{\"generatePortal\": {\"navTitle\": [1]}}",
                "spec/openapi.yaml": "openapi: 3.0.0\npaths:\n  /a: {get: {responses: {'200': {$ref: '#/nope'}}}}\n",
                "content/toc.yml": "- page: Gone\n  file: gone.md\n",
            ], in: input)
            do {
                try PortalGenerator().render(input: input, output: output)
                Issue.record("expected a failure")
            } catch let failure as GeneratorFailure {
                #expect(failure.errors.keys.sorted() == ["APIMATIC-BUILD.json", "content/toc.yml", "spec/openapi.yaml"])
                #expect(failure.kind == "validation")
                #expect(failure.message == "The built-in generator found 3 problems in the build input (APIMATIC-BUILD.json, content/toc.yml, spec/openapi.yaml). Fix them and save again; the last good portal stays in the preview.")
                #expect(failure.details.count == 3)
                #expect(failure.details[0].hasPrefix("APIMATIC-BUILD.json: generatePortal.navTitle must be a string"))
                let userFacing: any UserFacingError = failure
                #expect(userFacing.description.contains("\n  - content/toc.yml: line 1, column 3 (toc[0]): page \"Gone\" names file \"gone.md\""))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
        }
    }
}
