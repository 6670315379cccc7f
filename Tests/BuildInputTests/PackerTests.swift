import Foundation
import Testing
@testable import BuildInput

@Suite struct PackerTests {
    static let buildJSON = """
        {
          "buildFileVersion": "1",
          "generatePortal": {"pageTitle": "T", "portalSettings": {"baseUrl": "http://localhost:23513/"}}
        }
        """

    func makeBuild(_ fixture: Fixture) throws -> BuildDirectory {
        try fixture.write("src/APIMATIC-BUILD.json", Self.buildJSON)
        try fixture.write("src/spec/openapi.yaml", "openapi: 3.0.3\n")
        try fixture.write("src/content/guides/a.md", "# A\n")
        try fixture.write("src/content/guides.md", "# guides\n")
        try fixture.write("src/content/toc.yml", "toc: []\n")
        try fixture.write("src/static/images/logo.svg", "<svg/>")
        try fixture.mkdir("src/static/empty")
        try fixture.write("src/content/.toc.yml.swp", "swap")
        return try BuildDirectory.locate(fixture.url)
    }

    @Test func zipIsSortedWithTheBuildFileAtTheRootAndDeterministic() throws {
        let fixture = try Fixture()
        let build = try makeBuild(fixture)
        let snapshot = try Snapshot.scan(build, ignore: IgnoreRules())
        let first = fixture.url.appendingPathComponent("one.zip")
        let second = fixture.url.appendingPathComponent("two.zip")
        try Packer.pack(snapshot, buildFileOverride: nil, to: first)
        try Packer.pack(try Snapshot.scan(build, ignore: IgnoreRules()), buildFileOverride: nil, to: second)

        let listing = try run("/usr/bin/unzip", ["-Z1", first.path]).split(separator: "\n").map(String.init)
        #expect(listing == [
            "APIMATIC-BUILD.json", "content/", "content/guides.md", "content/guides/", "content/guides/a.md",
            "content/toc.yml", "spec/", "spec/openapi.yaml", "static/", "static/empty/", "static/images/",
            "static/images/logo.svg",
        ])
        #expect(listing == listing.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
        #expect(try run("/usr/bin/unzip", ["-p", first.path, "content/guides/a.md"]) == "# A\n")
        #expect(try run("/usr/bin/unzip", ["-p", first.path, "APIMATIC-BUILD.json"]) == Self.buildJSON)
    }

    @Test func overrideGoesIntoTheZipOnly() throws {
        let fixture = try Fixture()
        let build = try makeBuild(fixture)
        let buildFile = try BuildFile.load(from: build.buildFile)
        let override = try #require(buildFile.rewritingLocalhostBaseURL(to: "http://127.0.0.1:40001/"))
        let zip = fixture.url.appendingPathComponent("upload.zip")
        try Packer.pack(Snapshot.scan(build, ignore: IgnoreRules()), buildFileOverride: override, to: zip)

        let uploaded = try run("/usr/bin/unzip", ["-p", zip.path, "APIMATIC-BUILD.json"])
        #expect(uploaded == Self.buildJSON.replacingOccurrences(of: "http://localhost:23513/", with: "http://127.0.0.1:40001/"))
        #expect(try fixture.read("src/APIMATIC-BUILD.json") == Array(Self.buildJSON.utf8))
    }

    @Test func ignoredBuildFileIsAClearError() throws {
        let fixture = try Fixture()
        let build = try makeBuild(fixture)
        let snapshot = try Snapshot.scan(build, ignore: IgnoreRules(gitignore: "*.json"))
        let zip = fixture.url.appendingPathComponent("upload.zip")
        let error = #expect(throws: BuildInputError.self) { try Packer.pack(snapshot, buildFileOverride: nil, to: zip) }
        #expect(error?.message.contains("APIMATIC-BUILD.json is missing") == true)
    }

    @Test func unwritableDestinationIsAnError() throws {
        let fixture = try Fixture()
        let build = try makeBuild(fixture)
        let zip = fixture.url.appendingPathComponent("no/such/dir/upload.zip")
        let error = #expect(throws: BuildInputError.self) {
            try Packer.pack(Snapshot.scan(build, ignore: IgnoreRules()), buildFileOverride: nil, to: zip)
        }
        #expect(error?.kind == "pack")
        #expect(error?.message.contains(zip.path) == true)
    }

    @Test func theExampleProjectPacks() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/petstore").standardizedFileURL
        let build = try BuildDirectory.locate(example)
        let buildFile = try BuildFile.load(from: build.buildFile)
        #expect(buildFile.pageTitle?.isEmpty == false)
        #expect(buildFile.rewritingLocalhostBaseURL(to: "http://127.0.0.1:1/") != nil)
        let fixture = try Fixture()
        let zip = fixture.url.appendingPathComponent("petstore.zip")
        try Packer.pack(Snapshot.scan(build, ignore: IgnoreRules()), buildFileOverride: nil, to: zip)
        let listing = try run("/usr/bin/unzip", ["-Z1", zip.path])
        for path in ["APIMATIC-BUILD.json", "spec/openapi.yaml", "spec/APIMATIC-META.json", "content/toc.yml", "static/images/logo.svg"] {
            #expect(listing.split(separator: "\n").contains(Substring(path)), "\(path)")
        }
    }
}
