import Foundation
import Testing
@testable import BuildInput

@Suite struct BuildFileTests {
    struct BadJSON: Sendable, CustomTestStringConvertible {
        let text: String
        let line: Int
        let column: Int
        var testDescription: String { "line \(line) column \(column)" }
    }

    static let badJSON = [
        BadJSON(text: "{\n  \"generatePortal\": {\n    \"pageTitle\": tru\n  }\n}", line: 3, column: 18),
        BadJSON(text: "{\"a\": 1 \"b\": 2}", line: 1, column: 9),
        BadJSON(text: "{\n\n\n      \"x\" 3}", line: 4, column: 11),
        BadJSON(text: "{\n  \"é€😀\": x\n}", line: 2, column: 10),
        BadJSON(text: "{\n  \"a\": 01\n}", line: 2, column: 8),
        BadJSON(text: "{\n  \"a\": [1, 2,\n", line: 3, column: 1),
        BadJSON(text: "", line: 1, column: 1),
        BadJSON(text: "{\"a\": 1e}", line: 1, column: 7),
        BadJSON(text: "{\"a\": 1\"b\": 2}", line: 1, column: 8),
    ]

    @Test(arguments: badJSON)
    func badJSONNamesPathLineAndColumn(_ bad: BadJSON) throws {
        let fixture = try Fixture()
        let file = try fixture.write("APIMATIC-BUILD.json", bad.text)
        let error = #expect(throws: BuildInputError.self) { try BuildFile.load(from: file) }
        #expect(error?.kind == "build-file")
        #expect(error?.message.contains("\(file.path):\(bad.line):\(bad.column):") == true, "\(error?.message ?? "")")
        #expect(error?.details.first?.hasPrefix("line \(bad.line), column \(bad.column): ") == true)
    }

    @Test func reasonFromTheParserIsShown() throws {
        let fixture = try Fixture()
        let file = try fixture.write("APIMATIC-BUILD.json", "{\"a\": \"\\q\"}")
        let error = #expect(throws: BuildInputError.self) { try BuildFile.load(from: file) }
        #expect(error?.message.contains("Invalid escape sequence") == true)
    }

    @Test func notAnObjectIsRefused() throws {
        let fixture = try Fixture()
        let file = try fixture.write("APIMATIC-BUILD.json", "[1, 2]")
        let error = #expect(throws: BuildInputError.self) { try BuildFile.load(from: file) }
        #expect(error?.message.contains("not an object") == true)
        #expect(error?.message.contains(file.path) == true)
    }

    @Test func unreadableFileGivesErrnoText() throws {
        let fixture = try Fixture()
        let missing = fixture.url.appendingPathComponent("APIMATIC-BUILD.json")
        let error = #expect(throws: BuildInputError.self) { try BuildFile.load(from: missing) }
        #expect(error?.message.contains("No such file or directory") == true)
        #expect(error?.message.contains(missing.path) == true)
        try fixture.mkdir("dir/APIMATIC-BUILD.json")
        let directory = #expect(throws: BuildInputError.self) {
            try BuildFile.load(from: fixture.url.appendingPathComponent("dir/APIMATIC-BUILD.json"))
        }
        #expect(directory?.message.contains("Is a directory") == true)
    }

    @Test func accessorsReadBothBaseURLPlaces() throws {
        let nested = try BuildFile(url: URL(fileURLWithPath: "/b.json"), bytes: Array("""
            {"generatePortal": {"pageTitle": "Pets", "baseUrl": "https://outer", "portalSettings": {"baseUrl": "https://inner"}}}
            """.utf8))
        #expect(nested.pageTitle == "Pets")
        #expect(nested.baseUrl == "https://inner")
        let flat = try BuildFile(url: URL(fileURLWithPath: "/b.json"), bytes: Array(#"{"generatePortal": {"baseUrl": "https://flat"}}"#.utf8))
        #expect(flat.baseUrl == "https://flat")
        #expect(flat.pageTitle == nil)
    }

    static let portalSettingsFile = """
        {
          "$schema": "https://titan.apimatic.io/api/build/schema",
          "buildFileVersion": "1",
          "generatePortal": {
            "pageTitle": "Caf\\u00e9 \\"API\\"",
            "portalSettings": {
              "theme": {"baseUrl": "http://localhost:1/not-this-one"},
              "baseUrl"  :   "http://localhost:23513/",
              "enableConsoleCalls": false
            }
          }
        }

        """
    static let flatFile = """
        {"generatePortal":{"baseUrl":"http://127.0.0.1:8080/docs","languageConfig":{"http":{}}},"baseUrl":"http://localhost/top"}
        """

    @Test(arguments: [
        (portalSettingsFile, "\"http://localhost:23513/\"", ["generatePortal", "portalSettings", "baseUrl"]),
        (flatFile, "\"http://127.0.0.1:8080/docs\"", ["generatePortal", "baseUrl"]),
    ])
    func rewritesOnlyTheBaseURLField(_ text: String, _ literal: String, _ path: [String]) throws {
        let file = try BuildFile(url: URL(fileURLWithPath: "/b.json"), bytes: Array(text.utf8))
        let rewritten = try #require(file.rewritingLocalhostBaseURL(to: "http://127.0.0.1:40123/"))

        // Everything but the one value is byte-for-byte the user's file.
        let original = Array(text.utf8)
        let start = try #require(text.range(of: literal)).lowerBound.utf16Offset(in: text)
        let end = start + literal.utf8.count
        let replacement = Array("\"http://127.0.0.1:40123/\"".utf8)
        #expect(rewritten == Array(original[..<start]) + replacement + Array(original[end...]))

        let reparsed = try BuildFile(url: file.url, bytes: rewritten)
        #expect(reparsed.baseUrl == "http://127.0.0.1:40123/")
        #expect(reparsed.object.count == file.object.count)
        #expect(JSONSource.valueRange(at: path, in: rewritten) != nil)
    }

    @Test(arguments: ["http://localhost/", "http://LOCALHOST:1/x", "http://[::1]:23513/", "http://0.0.0.0/", "https://127.0.0.1"])
    func localhostForms(_ url: String) {
        #expect(BuildFile.isLocalhost(url))
    }

    @Test func nonLocalhostIsLeftAlone() throws {
        for text in [
            #"{"generatePortal": {"portalSettings": {"baseUrl": "https://docs.example.com/"}}}"#,
            #"{"generatePortal": {"baseUrl": "http://localhost.example.com/"}}"#,
            #"{"generatePortal": {"pageTitle": "no base url"}}"#,
            #"{"generatePortal": {"baseUrl": 42}}"#,
        ] {
            let file = try BuildFile(url: URL(fileURLWithPath: "/b.json"), bytes: Array(text.utf8))
            #expect(file.rewritingLocalhostBaseURL(to: "http://127.0.0.1:1/") == nil, "\(text)")
        }
    }

    @Test func previewURLIsEscapedAsJSON() throws {
        let file = try BuildFile(url: URL(fileURLWithPath: "/b.json"), bytes: Array(#"{"generatePortal":{"baseUrl":"http://localhost"}}"#.utf8))
        let rewritten = try #require(file.rewritingLocalhostBaseURL(to: "http://h/\"q\"\\"))
        #expect(try BuildFile(url: file.url, bytes: rewritten).baseUrl == "http://h/\"q\"\\")
    }

    @Test func positionCountsCharactersNotBytes() {
        let bytes = Array("ab\ncé€d".utf8)
        #expect(JSONSource.position(ofByte: 0, in: bytes) == .init(line: 1, column: 1))
        #expect(JSONSource.position(ofByte: 3, in: bytes) == .init(line: 2, column: 1))
        #expect(JSONSource.position(ofByte: bytes.count - 1, in: bytes) == .init(line: 2, column: 4))
    }
}
