import Foundation
import Testing
@testable import Archive

@Suite struct ZipReaderTests {
    @Test func readsBackEntriesInOrderWithIdenticalBytes() throws {
        let tmp = try TempDir()
        let big = noise(count: 5 * 1024 * 1024, seed: 3)
        let bigSource = try tmp.write("big.bin", big)
        let zipPath = tmp.file("r.zip")
        let zip = try ZipWriter(path: zipPath)
        try zip.addDirectory("a/")
        try zip.addFile("a/b/c.txt", contents: "hello")
        try zip.addFile("a/big.bin", copying: bigSource)
        try zip.addSymlink("link", target: "a/b/c.txt")
        try zip.close()

        var seen: [ZipEntryInfo] = []
        var contents: [String: [UInt8]] = [:]
        try ZipReader.forEachEntry(in: zipPath, readContents: true) { info, bytes in
            seen.append(info)
            if let bytes { contents[info.path] = bytes }
        }
        #expect(seen.map(\.path) == ["a/", "a/b/c.txt", "a/big.bin", "link"])
        #expect(seen.map(\.kind) == [.directory, .file, .file, .symlink(target: "a/b/c.txt")])
        #expect(seen[2].size == Int64(big.count))
        #expect(contents["a/b/c.txt"] == Array("hello".utf8))
        #expect(contents["a/big.bin"] == big)
        #expect(contents["a/"] == nil)
    }

    @Test func withoutContentsStillReportsSizes() throws {
        let tmp = try TempDir()
        let zipPath = tmp.file("s.zip")
        let zip = try ZipWriter(path: zipPath)
        try zip.addFile("x", contents: [UInt8](repeating: 9, count: 1000))
        try zip.close()
        var infos: [ZipEntryInfo] = []
        try ZipReader.forEachEntry(in: zipPath, readContents: false) { info, bytes in
            #expect(bytes == nil)
            infos.append(info)
        }
        #expect(infos == [ZipEntryInfo(path: "x", kind: .file, size: 1000)])
    }

    @Test func enforcesEntryLimit() throws {
        let tmp = try TempDir()
        let zipPath = tmp.file("many.zip")
        let zip = try ZipWriter(path: zipPath)
        for i in 0..<5 { try zip.addFile("f\(i)", contents: "x") }
        try zip.close()
        var limits = ExtractionLimits.default
        limits.maxEntries = 3
        let error = try #require(throws: ArchiveError.self) {
            try ZipReader.forEachEntry(in: zipPath, readContents: false, limits: limits) { _, _ in }
        }
        #expect(error.rule == .tooManyEntries)
        #expect(error.entry == "f3")
    }

    @Test func bodyErrorsPropagate() throws {
        let tmp = try TempDir()
        let zipPath = tmp.file("p.zip")
        let zip = try ZipWriter(path: zipPath)
        try zip.addFile("a", contents: "x")
        try zip.addFile("b", contents: "y")
        try zip.close()
        struct Stop: Error {}
        var count = 0
        #expect(throws: Stop.self) {
            try ZipReader.forEachEntry(in: zipPath, readContents: true) { _, _ in
                count += 1
                throw Stop()
            }
        }
        #expect(count == 1)
    }

    @Test func missingFileIsIOError() throws {
        let tmp = try TempDir()
        let error = try #require(throws: ArchiveError.self) {
            try ZipReader.forEachEntry(in: tmp.file("none.zip"), readContents: false) { _, _ in }
        }
        #expect(error.kind == "io")
        #expect(error.message.contains("none.zip"))
    }
}
