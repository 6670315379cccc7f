import Testing
@testable import BuiltinGenerator

@Suite struct ParserTests {
    @Test func jsonKeepsKeyOrderAndNumberText() throws {
        let value = try JSONParser.parse(Array(#"{"z": 1, "a": [true, null, 2.50], "m": "\u00e9\n"}"#.utf8))
        #expect(value.object?.keys == ["z", "a", "m"])
        #expect(value["a"]?.array?.last?.text == "2.50")
        #expect(value["m"]?.text == "é\n")
    }

    @Test func jsonErrorsNameLineAndColumn() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array("{\n  \"a\": 1,\n  \"b\": }".utf8)) }
        do {
            _ = try JSONParser.parse(Array("{\n  \"a\": 1,\n  \"b\": }".utf8))
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 8)
            #expect(error.text == "line 3, column 8: unexpected character '}', expected a value")
        }
    }

    @Test func yamlResolvesPlainScalarsAndKeepsQuotedOnesAsStrings() throws {
        let value = try YAMLParser.parse(Array("a: 200\nb: '200'\nc: true\nd: ~\ne: 1.5e3\nf: 0x1F\ng: yes\n".utf8))
        guard case .number("200") = value["a"] else { Issue.record("a"); return }
        guard case .string("200") = value["b"] else { Issue.record("b"); return }
        guard case .bool(true) = value["c"] else { Issue.record("c"); return }
        guard case .null = value["d"] else { Issue.record("d"); return }
        guard case .number("1.5e3") = value["e"] else { Issue.record("e"); return }
        guard case .number("0x1F") = value["f"] else { Issue.record("f"); return }
        guard case .string("yes") = value["g"] else { Issue.record("g"); return }
        #expect(value.object?.keys == ["a", "b", "c", "d", "e", "f", "g"])
    }

    @Test func yamlAliasesAndMergeKeys() throws {
        let value = try YAMLParser.parse(Array("base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n".utf8))
        #expect(value["derived"]?["x"]?.text == "1")
        #expect(value["derived"]?["y"]?.text == "3")
        #expect(value["derived"]?.object?.line == 3)
    }

    @Test func yamlErrorsNameLineAndColumn() {
        do {
            _ = try YAMLParser.parse(Array("openapi: 3.0.0\ninfo:\n  title: x\n   bad: [1, 2\n".utf8))
            Issue.record("expected a failure")
        } catch {
            #expect(error.line == 4)
            #expect(error.column == 7)
            #expect(error.text.hasPrefix("line 4, column 7: mapping values are not allowed in this context"))
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deepYAML = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(throws: YAMLParser.Failure.self) { try YAMLParser.parse(Array(deepYAML.utf8)) }
        do {
            _ = try YAMLParser.parse(Array(deepYAML.utf8))
        } catch {
            #expect(error.text == "line 1, column 513: nesting deeper than 512 levels")
        }
        let deepJSON = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(deepJSON.utf8)) }
    }
}
