import Foundation
import Testing
@testable import BuiltinGenerator

/// A large API renders completely. Timings live in scripts/bench (release build), not here.
@Suite struct LargeSpecTests {
    /// 3,000 operations in 100 tags sharing 300 models that reference each other.
    static func largeSpec() -> String {
        var spec = "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"Large\", \"version\": \"1\"}, \"paths\": {"
        for index in 0..<3000 {
            if index > 0 { spec += "," }
            spec += """
            "/r\(index)/{id}": {"get": {"tags": ["T\(index % 100)"], "operationId": "op\(index)", "summary": "Operation \(index)",
              "description": "Gets **resource** \(index).",
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                             {"name": "limit", "in": "query", "description": "Page size.", "schema": {"type": "integer"}}],
              "responses": {"200": {"description": "OK", "content": {"application/json": {"schema":
                {"$ref": "#/components/schemas/M\(index % 300)"}}}}}}}
            """
        }
        spec += "}, \"components\": {\"schemas\": {"
        for index in 0..<300 {
            if index > 0 { spec += "," }
            spec += """
            "M\(index)": {"type": "object", "description": "Model \(index).", "properties": {
              "id": {"type": "string"}, "next": {"$ref": "#/components/schemas/M\((index + 1) % 300)"},
              "items": {"type": "array", "items": {"type": "object", "properties": {"v": {"type": "number"}}}}}}
            """
        }
        return spec + "}}}"
    }

    @Test func threeThousandOperationsAllReachPagesAndSearch() throws {
        try withTempDirectory { root in
            let input = root.appendingPathComponent("in")
            let output = root.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            try writeFiles(["APIMATIC-BUILD.json": minimalBuildFile, "spec/openapi.json": Self.largeSpec(),
                            "content/intro.md": "# Intro\n"], in: input)
            try PortalGenerator().render(input: input, output: output)
            let pages = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasPrefix("api-") }
            #expect(pages.count == 100)
            let search = read(output.appendingPathComponent("search-index.json"))
            #expect(search.components(separatedBy: "\"kind\":\"operation\"").count - 1 == 3000)
        }
    }
}
