import Foundation
import Testing
@testable import BuildInput

@Suite struct SnapshotTests {
    func makeBuild(_ fixture: Fixture) throws -> BuildDirectory {
        try fixture.write("APIMATIC-BUILD.json", #"{"generatePortal": {"pageTitle": "T"}}"#)
        try fixture.write("spec/openapi.yaml", "openapi: 3.0.3\n")
        try fixture.write("content/guides/a.md", "# A\n")
        try fixture.write("content/toc.yml", "toc: []\n")
        try fixture.mkdir("static/empty")
        return try BuildDirectory.locate(fixture.url)
    }

    @Test func listsSortedPathsSkippingIgnoredAndExcluded() throws {
        let fixture = try Fixture()
        let build = try makeBuild(fixture)
        try fixture.write("content/.a.md.swp", "swap")
        try fixture.write(".git/HEAD", "ref")
        try fixture.write("drafts/x.md", "draft")
        try fixture.write(".portaldignore", "drafts/\n")
        try fixture.write("portal/index.html", "old preview")
        try fixture.write(".portal.staging-abc123/index.html", "staging")
        try fixture.write("Zebra.md", "z")

        let snapshot = try Snapshot.scan(
            build, ignore: try IgnoreRules.load(from: fixture.url.appendingPathComponent(".portaldignore")),
            excluding: [fixture.url.appendingPathComponent("portal")])

        #expect(snapshot.files.map(\.relativePath) == [
            "APIMATIC-BUILD.json", "Zebra.md", "content/guides/a.md", "content/toc.yml", "spec/openapi.yaml",
        ])
        #expect(snapshot.directories == ["content", "content/guides", "spec", "static", "static/empty"])
        #expect(snapshot.files.first?.size == Int64(#"{"generatePortal": {"pageTitle": "T"}}"#.utf8.count))
        #expect(snapshot.contentHash.count == 32)
        #expect(snapshot.contentHash.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test func hashIsStableAndFollowsContentOnly() throws {
        let fixture = try Fixture()
        let build = try makeBuild(fixture)
        let first = try Snapshot.scan(build, ignore: IgnoreRules())
        #expect(try Snapshot.scan(build, ignore: IgnoreRules()).contentHash == first.contentHash)

        // touch: mtime only
        let guide = fixture.url.appendingPathComponent("content/guides/a.md")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 3600)], ofItemAtPath: guide.path)
        #expect(try Snapshot.scan(build, ignore: IgnoreRules()).contentHash == first.contentHash)

        // one byte
        try fixture.write("content/guides/a.md", "# B\n")
        let changed = try Snapshot.scan(build, ignore: IgnoreRules())
        #expect(changed.contentHash != first.contentHash)
        try fixture.write("content/guides/a.md", "# A\n")
        #expect(try Snapshot.scan(build, ignore: IgnoreRules()).contentHash == first.contentHash)

        // an ignored file changes nothing; a rename does
        try fixture.write("content/guides/a.md~", "backup")
        #expect(try Snapshot.scan(build, ignore: IgnoreRules()).contentHash == first.contentHash)
        try FileManager.default.moveItem(at: guide, to: fixture.url.appendingPathComponent("content/guides/b.md"))
        #expect(try Snapshot.scan(build, ignore: IgnoreRules()).contentHash != first.contentHash)
    }

    @Test func contentMovingBetweenFilesChangesTheHash() throws {
        let one = try Fixture()
        try one.write("APIMATIC-BUILD.json", "{}")
        try one.write("a", "xy")
        try one.write("b", "")
        let two = try Fixture()
        try two.write("APIMATIC-BUILD.json", "{}")
        try two.write("a", "x")
        try two.write("b", "y")
        let first = try Snapshot.scan(BuildDirectory.locate(one.url), ignore: IgnoreRules())
        let second = try Snapshot.scan(BuildDirectory.locate(two.url), ignore: IgnoreRules())
        #expect(first.contentHash != second.contentHash)
    }

    @Test func hashCacheReusesDigestsUntilTheFileChanges() throws {
        let fixture = try Fixture()
        let build = try makeBuild(fixture)
        let old = Date(timeIntervalSinceNow: -60)
        for file in ["APIMATIC-BUILD.json", "spec/openapi.yaml", "content/guides/a.md", "content/toc.yml"] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: fixture.url.appendingPathComponent(file).path)
        }
        let cache = HashCache()
        let uncached = try Snapshot.scan(build, ignore: IgnoreRules())
        #expect(try Snapshot.scan(build, ignore: IgnoreRules(), cache: cache).contentHash == uncached.contentHash)
        #expect(cache.count == 4)
        #expect(try Snapshot.scan(build, ignore: IgnoreRules(), cache: cache).contentHash == uncached.contentHash)

        // Same size, new content, fresh mtime: the cache must not hide it.
        try fixture.write("content/guides/a.md", "# Z\n")
        let changed = try Snapshot.scan(build, ignore: IgnoreRules(), cache: cache)
        #expect(changed.contentHash != uncached.contentHash)
        #expect(changed.contentHash == (try Snapshot.scan(build, ignore: IgnoreRules())).contentHash)
    }

    @Test func symlinksInsideAreContentOthersAreSkipped() throws {
        let fixture = try Fixture()
        let build = try makeBuild(fixture)
        let outside = try Fixture()
        try outside.write("secret.txt", "secret")
        try FileManager.default.createSymbolicLink(atPath: fixture.url.appendingPathComponent("content/alias.md").path, withDestinationPath: "guides/a.md")
        try FileManager.default.createSymbolicLink(atPath: fixture.url.appendingPathComponent("leak.txt").path, withDestinationPath: outside.url.appendingPathComponent("secret.txt").path)
        try FileManager.default.createSymbolicLink(atPath: fixture.url.appendingPathComponent("loop").path, withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: fixture.url.appendingPathComponent("dangling").path, withDestinationPath: "nowhere")

        let snapshot = try Snapshot.scan(build, ignore: IgnoreRules())
        let paths = snapshot.files.map(\.relativePath)
        #expect(paths.contains("content/alias.md"))
        #expect(!paths.contains("leak.txt") && !paths.contains("dangling") && !paths.contains("loop"))
        let alias = try #require(snapshot.files.first { $0.relativePath == "content/alias.md" })
        #expect(alias.source.path.hasSuffix("content/guides/a.md"))
        #expect(alias.size == 4)
    }

    @Test func unreadableFileNamesItAndWhatToDo() throws {
        let fixture = try Fixture()
        let build = try makeBuild(fixture)
        let path = fixture.url.appendingPathComponent("content/stuck").path
        let expected: String
        if geteuid() == 0 {
            // Root reads through chmod 000, so use something no one can read as a file.
            #expect(mkfifo(path, 0o644) == 0)
            expected = "is a FIFO, not a regular file"
        } else {
            try fixture.write("content/stuck", "x")
            chmod(path, 0)
            expected = "Permission denied"
        }
        let error = #expect(throws: BuildInputError.self) { try Snapshot.scan(build, ignore: IgnoreRules()) }
        #expect(error?.kind == "unreadable-file")
        #expect(error?.message.contains("content/stuck") == true)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(".portaldignore") == true)

        // Ignoring it is the way out.
        let snapshot = try Snapshot.scan(build, ignore: IgnoreRules(gitignore: "content/stuck"))
        #expect(!snapshot.files.map(\.relativePath).contains("content/stuck"))
    }

    @Test func missingBuildDirectoryIsAnError() throws {
        let fixture = try Fixture()
        let build = BuildDirectory(root: fixture.url.appendingPathComponent("gone"))
        #expect(throws: BuildInputError.self) { try Snapshot.scan(build, ignore: IgnoreRules()) }
    }
}
