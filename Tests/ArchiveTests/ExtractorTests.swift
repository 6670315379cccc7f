import Foundation
import Testing
@testable import Archive

/// Each test: a temp dir holding the zip and a `stage/` target; after a rejection, the temp
/// dir must still hold only those two (nothing escaped the target).
@Suite struct ExtractorTests {
    private func zip(_ tmp: TempDir, _ build: (ZipWriter) throws -> Void) throws -> String {
        let path = tmp.file("in.zip")
        let writer = try ZipWriter(path: path)
        try build(writer)
        try writer.close()
        return path
    }

    private func expectRejected(_ tmp: TempDir, zipPath: String, limits: ExtractionLimits = .default,
                                kind: String = "unsafe-archive", rule: ArchiveError.Rule? = nil,
                                naming entry: String? = nil,
                                sourceLocation: SourceLocation = #_sourceLocation) throws -> ArchiveError {
        let stage = try tmp.makeDirectory("stage")
        let error = try #require(throws: ArchiveError.self, sourceLocation: sourceLocation) {
            _ = try Extractor.extract(zipAt: zipPath, into: stage, limits: limits)
        }
        #expect(error.kind == kind, sourceLocation: sourceLocation)
        if let rule { #expect(error.rule == rule, sourceLocation: sourceLocation) }
        if let entry {
            #expect(error.entry == entry, sourceLocation: sourceLocation)
            #expect(error.message.contains("'\(entry)'"), sourceLocation: sourceLocation)
        }
        #expect(error.message.contains(zipPath), sourceLocation: sourceLocation)
        #expect(try tmp.listing() == ["in.zip", "stage"], sourceLocation: sourceLocation)
        return error
    }

    @Test func rejectsDotDot() throws {
        let tmp = try TempDir()
        let path = try zip(tmp) { try $0.addFile("../evil", contents: "x") }
        let error = try expectRejected(tmp, zipPath: path, rule: .parentReference, naming: "../evil")
        #expect(error.message.contains("previous preview is kept"))
    }

    @Test func rejectsNestedDotDot() throws {
        let tmp = try TempDir()
        let path = try zip(tmp) {
            try $0.addFile("a/ok.txt", contents: "fine")
            try $0.addFile("a/../../evil", contents: "x")
        }
        _ = try expectRejected(tmp, zipPath: path, rule: .parentReference, naming: "a/../../evil")
    }

    @Test func rejectsAbsolutePath() throws {
        let tmp = try TempDir()
        let path = try zip(tmp) { try $0.addFile("/abs/path", contents: "x") }
        _ = try expectRejected(tmp, zipPath: path, rule: .absolutePath, naming: "/abs/path")
    }

    @Test func rejectsSymlink() throws {
        let tmp = try TempDir()
        let path = try zip(tmp) { try $0.addSymlink("docs", target: "..") }
        let error = try expectRejected(tmp, zipPath: path, rule: .symlink, naming: "docs")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.file("stage")).isEmpty)
        #expect(error.message.contains("symbolic link"))
    }

    /// libarchive reads DOS-style backslashes as separators, so `a\..\..\evil` is `..` too.
    @Test func rejectsBackslashTraversal() throws {
        let tmp = try TempDir()
        let path = try zip(tmp) { try $0.addFile("a\\..\\..\\evil", contents: "x") }
        let error = try expectRejected(tmp, zipPath: path)
        #expect(error.rule == .parentReference || error.rule == .badPathSyntax)
    }

    /// ZIP has no hard-link type: libarchive stores an "added hard link" as an empty regular
    /// file and reads it back as one, so the worst a hostile zip gets is an empty file that
    /// links nowhere. The policy still refuses real hard-link headers (see EntryPolicyTests).
    @Test func hardlinkEntryBecomesPlainEmptyFile() throws {
        let tmp = try TempDir()
        let path = try zip(tmp) { try $0.addHardlink("alias.txt", target: "/etc/passwd") }
        var kinds: [ZipEntryKind] = []
        try ZipReader.forEachEntry(in: path, readContents: false) { info, _ in kinds.append(info.kind) }
        #expect(kinds == [.file])
        let stage = try tmp.makeDirectory("stage")
        _ = try Extractor.extract(zipAt: path, into: stage)
        let attributes = try FileManager.default.attributesOfItem(atPath: stage + "/alias.txt")
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(attributes[.size] as? Int == 0)
        #expect(attributes[.referenceCount] as? Int == 1)
    }

    @Test func rejectsMalformedPaths() throws {
        for bad in ["a//b", "./a", "a/./b", "tab\there", "."] {
            let tmp = try TempDir()
            let path = try zip(tmp) { try $0.addFile(bad, contents: "x") }
            _ = try expectRejected(tmp, zipPath: path, rule: .badPathSyntax, naming: bad)
        }
    }

    @Test func rejectsDuplicateFile() throws {
        let tmp = try TempDir()
        let path = try zip(tmp) {
            try $0.addFile("index.html", contents: "one")
            try $0.addFile("index.html", contents: "two")
        }
        _ = try expectRejected(tmp, zipPath: path, rule: .duplicateEntry, naming: "index.html")
    }

    @Test func stopsZipBombEarly() throws {
        let tmp = try TempDir()
        // 200 MB of zeros: a sparse source file, so the test itself stays cheap on disk.
        let zeros = tmp.file("zeros.bin")
        #expect(FileManager.default.createFile(atPath: zeros, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: zeros))
        try handle.truncate(atOffset: 200 * 1024 * 1024)
        try handle.close()
        let path = try zip(tmp) { try $0.addFile("bomb.bin", copying: zeros) }
        try FileManager.default.removeItem(atPath: zeros)
        #expect(try readBytes(path).count < 1024 * 1024)

        let stage = try tmp.makeDirectory("stage")
        let error = try #require(throws: ArchiveError.self) {
            _ = try Extractor.extract(zipAt: path, into: stage)
        }
        #expect(error.rule == .compressionRatio)
        #expect(error.entry == "bomb.bin")
        let written = (try? FileManager.default.attributesOfItem(atPath: stage + "/bomb.bin")[.size] as? Int) ?? 0
        #expect(written < 10 * 1024 * 1024)
        #expect(try tmp.listing() == ["in.zip", "stage"])
    }

    @Test func enforcesEntryCount() throws {
        let tmp = try TempDir()
        let path = try zip(tmp) { zip in
            for i in 0..<10 { try zip.addFile("f\(i).txt", contents: "x") }
        }
        var limits = ExtractionLimits.default
        limits.maxEntries = 4
        _ = try expectRejected(tmp, zipPath: path, limits: limits, rule: .tooManyEntries, naming: "f4.txt")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.file("stage")).count == 4)
    }

    @Test func enforcesTotalBytesWhileStreaming() throws {
        let tmp = try TempDir()
        let path = try zip(tmp) {
            try $0.addFile("a.bin", contents: noise(count: 600, seed: 1))
            try $0.addFile("b.bin", contents: noise(count: 600, seed: 2))
        }
        var limits = ExtractionLimits.default
        limits.maxTotalBytes = 1000
        _ = try expectRejected(tmp, zipPath: path, limits: limits, rule: .totalBytes, naming: "b.bin")
        let partial = (try? FileManager.default.attributesOfItem(atPath: tmp.file("stage/b.bin"))[.size] as? Int) ?? 0
        #expect(partial <= 400)
    }

    @Test func rejectsTruncatedZip() throws {
        let tmp = try TempDir()
        let path = try zip(tmp) {
            try $0.addFile("a.txt", contents: "hello")
            try $0.addFile("b.bin", contents: noise(count: 100_000, seed: 5))
        }
        let bytes = try readBytes(path)
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: path))
        let error = try expectRejected(tmp, zipPath: path, kind: "corrupt-archive")
        #expect(!error.details.isEmpty)
    }

    @Test func rejectsCorruptedData() throws {
        let tmp = try TempDir()
        let path = try zip(tmp) { try $0.addFile("b.bin", contents: noise(count: 100_000, seed: 5)) }
        var bytes = try readBytes(path)
        for i in 200..<300 { bytes[i] ^= 0xFF }  // inside b.bin's compressed data
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        _ = try expectRejected(tmp, zipPath: path, kind: "corrupt-archive")
    }

    @Test func rejectsRandomBytes() throws {
        let tmp = try TempDir()
        let path = try tmp.write("in.zip", noise(count: 4096, seed: 9))
        _ = try expectRejected(tmp, zipPath: path, kind: "corrupt-archive")
    }

    @Test func rejectsHTMLPage() throws {
        let tmp = try TempDir()
        let page = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>\n"
        let path = try tmp.write("in.zip", Array(page.utf8))
        let error = try expectRejected(tmp, zipPath: path, kind: "corrupt-archive")
        #expect(error.message.contains("not a readable ZIP"))
    }

    @Test func rejectsEmptyFile() throws {
        let tmp = try TempDir()
        let path = try tmp.write("in.zip", [])
        _ = try expectRejected(tmp, zipPath: path, kind: "corrupt-archive")
    }

    @Test func missingTargetDirectoryIsIOError() throws {
        let tmp = try TempDir()
        let path = try zip(tmp) { try $0.addFile("a.txt", contents: "x") }
        let error = try #require(throws: ArchiveError.self) {
            _ = try Extractor.extract(zipAt: path, into: tmp.file("nope"))
        }
        #expect(error.kind == "io")
        #expect(error.message.contains(tmp.file("nope")))
        #expect(try tmp.listing() == ["in.zip"])
    }

    @Test func extractsPortalLikeZip() throws {
        let tmp = try TempDir()
        let inner = tmp.file("sdk.zip")
        let innerZip = try ZipWriter(path: inner)
        try innerZip.addFile("sdk/README.md", contents: "# SDK\n")
        try innerZip.close()
        let innerBytes = try readBytes(inner)
        try FileManager.default.removeItem(atPath: inner)
        let big = noise(count: 6 * 1024 * 1024, seed: 11)  // well past the ratio floor
        let path = try zip(tmp) {
            try $0.addFile("index.html", contents: "<html>portal</html>")
            try $0.addDirectory("static/")
            try $0.addFile("static/css/site.css", contents: "body{}")
            try $0.addDirectory("static/css/")  // explicit dir after an implicit one
            try $0.addFile("static/downloads/sdk.zip", contents: innerBytes)
            try $0.addFile("static/blob.bin", contents: big)
            try $0.addFile("static/ünïcode name.txt", contents: "u")
            try $0.addFile("static/empty.txt", contents: [UInt8]())
        }
        let stage = try tmp.makeDirectory("stage")
        let summary = try Extractor.extract(zipAt: path, into: stage)
        #expect(summary.files == 6)
        #expect(summary.directories == 2)
        #expect(summary.bytes == Int64(19 + 6 + innerBytes.count + big.count + 1))
        #expect(try readBytes(stage + "/static/downloads/sdk.zip") == innerBytes)
        #expect(try readBytes(stage + "/static/blob.bin") == big)
        #expect(try readBytes(stage + "/static/ünïcode name.txt") == Array("u".utf8))
        #expect(try readBytes(stage + "/static/empty.txt") == [])
        #expect(!FileManager.default.fileExists(atPath: stage + "/static/downloads/sdk"))
        let mode = try FileManager.default.attributesOfItem(atPath: stage + "/index.html")[.posixPermissions] as? Int
        #expect(mode.map { $0 & 0o111 } == 0)
        #expect(try tmp.listing() == ["in.zip", "stage"])
    }

    @Test func extractionLeavesCallerCwdAlone() throws {
        let tmp = try TempDir()
        let before = FileManager.default.currentDirectoryPath
        let path = try zip(tmp) { try $0.addFile("a.txt", contents: "x") }
        let stage = try tmp.makeDirectory("stage")
        _ = try Extractor.extract(zipAt: path, into: stage)
        #expect(FileManager.default.currentDirectoryPath == before)
    }
}
