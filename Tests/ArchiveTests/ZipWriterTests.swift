import Foundation
import Testing
@testable import Archive

@Suite struct ZipWriterTests {
    /// Writes a small tree plus a 5 MB streamed file; returns the source of the big file.
    private func writeSample(to zipPath: String, bigSource: String) throws {
        let zip = try ZipWriter(path: zipPath)
        try zip.addFile("APIMATIC-BUILD.json", contents: "{\"x\": 1}\n")
        try zip.addDirectory("spec/")
        try zip.addFile("spec/openapi.yaml", contents: "openapi: 3.0.0\n")
        try zip.addDirectory("content/guides/")
        try zip.addFile("content/guides/intro – ünïcode.md", contents: "# Hi\n")
        try zip.addFile("static/empty.txt", contents: [UInt8]())
        try zip.addFile("static/big.bin", copying: bigSource)
        try zip.close()
    }

    @Test func roundTripWithUnzipKeepsOrderAndBytes() throws {
        let tmp = try TempDir()
        let big = noise(count: 5 * 1024 * 1024 + 17, seed: 42)
        let bigSource = try tmp.write("big.bin", big)
        let zipPath = tmp.file("out.zip")
        try writeSample(to: zipPath, bigSource: bigSource)

        let names = try run("unzip", ["-Z1", zipPath]).split(separator: "\n").map(String.init)
        #expect(names == ["APIMATIC-BUILD.json", "spec/", "spec/openapi.yaml", "content/guides/",
                          "content/guides/intro – ünïcode.md", "static/empty.txt", "static/big.bin"])
        #expect(try run("unzip", ["-p", zipPath, "spec/openapi.yaml"]) == "openapi: 3.0.0\n")
        // unzip -t verifies every CRC, including the streamed 5 MB entry.
        _ = try run("unzip", ["-tq", zipPath])
        let out = try tmp.makeDirectory("unzipped")
        _ = try run("unzip", ["-q", zipPath, "-d", out])
        #expect(try readBytes(out + "/static/big.bin") == big)
        #expect(try readBytes(out + "/static/empty.txt") == [])
    }

    @Test func sameContentGivesByteIdenticalZips() throws {
        let tmp = try TempDir()
        let bigSource = try tmp.write("big.bin", noise(count: 300_000, seed: 7))
        try writeSample(to: tmp.file("a.zip"), bigSource: bigSource)
        try writeSample(to: tmp.file("b.zip"), bigSource: bigSource)
        let a = try readBytes(tmp.file("a.zip"))
        #expect(a.count > 0)
        #expect(a == (try readBytes(tmp.file("b.zip"))))
    }

    @Test func metadataIsFixed() throws {
        let tmp = try TempDir()
        let zipPath = tmp.file("meta.zip")
        let zip = try ZipWriter(path: zipPath)
        try zip.addDirectory("d/")
        try zip.addFile("d/f.txt", contents: "x")
        try zip.close()
        // zipinfo long format: permissions column then date 80-Jan-01.
        let lines = try run("zipinfo", ["-l", "-T", zipPath]).split(separator: "\n").map(String.init)
        let dirLine = try #require(lines.first { $0.hasSuffix(" d/") })
        let fileLine = try #require(lines.first { $0.hasSuffix(" d/f.txt") })
        #expect(dirLine.hasPrefix("drwxr-xr-x"))
        #expect(fileLine.hasPrefix("-rw-r--r--"))
        #expect(fileLine.contains("19800101"))
    }

    @Test func writesHostilePathsVerbatim() throws {
        let tmp = try TempDir()
        let zipPath = tmp.file("hostile.zip")
        let zip = try ZipWriter(path: zipPath)
        try zip.addFile("../evil", contents: "x")
        try zip.addFile("/abs/path", contents: "x")
        try zip.addSymlink("link", target: "/etc/passwd")
        try zip.close()
        let names = try run("unzip", ["-Z1", zipPath]).split(separator: "\n").map(String.init)
        #expect(names == ["../evil", "/abs/path", "link"])
    }

    @Test func unwritableDestinationIsAnIOError() throws {
        let tmp = try TempDir()
        let target = tmp.file("missing-dir/out.zip")
        let error = try #require(throws: ArchiveError.self) { _ = try ZipWriter(path: target) }
        #expect(error.kind == "io")
        #expect(error.message.contains(target))
        #expect(error.message.contains("No such file or directory"))
    }

    @Test func missingCopySourceNamesEntryAndSource() throws {
        let tmp = try TempDir()
        let zip = try ZipWriter(path: tmp.file("x.zip"))
        let error = try #require(throws: ArchiveError.self) {
            try zip.addFile("a.txt", copying: tmp.file("nope.txt"))
        }
        #expect(error.kind == "io")
        #expect(error.entry == "a.txt")
        #expect(error.message.contains("nope.txt"))
    }
}

@Suite struct ZipWriterDiskFullTests {
    /// /dev/full accepts open() and fails every write with ENOSPC: a real disk-full path.
    @Test func diskFullIsReportedAsIO() throws {
        let error = try #require(throws: ArchiveError.self) {
            let zip = try ZipWriter(path: "/dev/full")
            try zip.addFile("a.bin", contents: noise(count: 200_000, seed: 4))
            try zip.close()
        }
        #expect(error.kind == "io")
        #expect(error.message.contains("/dev/full"))
        #expect(error.message.contains("No space left on device"))
    }
}
