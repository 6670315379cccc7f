import Foundation
import Testing
@testable import Swapper

@Suite struct PreviewDirectoryTests {
    /// Fills a fresh staging tree with one generation's files.
    func stage(_ preview: PreviewDirectory, generation: Int, extra: String? = nil) throws -> URL {
        let staging = try preview.makeStaging()
        try Data(page(generation).utf8).write(to: staging.appendingPathComponent("index.html"))
        try FileManager.default.createDirectory(at: staging.appendingPathComponent("static"), withIntermediateDirectories: true)
        try Data("body{}".utf8).write(to: staging.appendingPathComponent("static/site.css"))
        if let extra { try Data("only in \(generation)".utf8).write(to: staging.appendingPathComponent(extra)) }
        return staging
    }

    func read(_ preview: PreviewDirectory, _ file: String) -> String? {
        FileManager.default.contents(atPath: preview.path.appendingPathComponent(file).path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func firstSwapRenamesStagingIntoPlace() throws {
        let temp = try TemporaryDirectory()
        let preview = PreviewDirectory(path: temp.url.appendingPathComponent("portal"))
        let staging = try stage(preview, generation: 1)
        #expect(staging.lastPathComponent.hasPrefix(".portal.staging-"))
        let mode = try FileManager.default.attributesOfItem(atPath: staging.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)

        #expect(try preview.swap(in: staging) == .rename)
        #expect(read(preview, "index.html") == page(1))
        #expect(try temp.listing() == ["portal"])
    }

    @Test func secondSwapExchangesAndRemovesTheOldTree() throws {
        let temp = try TemporaryDirectory()
        let preview = PreviewDirectory(path: temp.url.appendingPathComponent("portal"))
        try preview.swap(in: stage(preview, generation: 1, extra: "old-only.html"))
        let method = try preview.swap(in: stage(preview, generation: 2, extra: "new-only.html"))

        #expect(method == .exchange)
        #expect(read(preview, "index.html") == page(2))
        #expect(read(preview, "new-only.html") == "only in 2")
        #expect(read(preview, "old-only.html") == nil)
        #expect(try temp.listing() == ["portal"])
    }

    @Test func removeStaleStagingTouchesOnlyThisPreviewsLeftovers() throws {
        let temp = try TemporaryDirectory()
        let preview = PreviewDirectory(path: temp.url.appendingPathComponent("portal"))
        try preview.swap(in: stage(preview, generation: 1))
        let leftovers = [".portal.staging-abc123", ".portal.old-q1w2e3", ".portal.gen-zzz999"]
        let foreign = [".docs.staging-abc123", ".portal.staging-", ".portal.staging.staging-abc", "notes"]
        for name in leftovers + foreign {
            try FileManager.default.createDirectory(at: temp.url.appendingPathComponent(name + "/sub"), withIntermediateDirectories: true)
        }
        try Data().write(to: temp.url.appendingPathComponent(".portal.link-abcdef"))

        try preview.removeStaleStaging()

        #expect(try temp.listing() == (foreign + ["portal"]).sorted())
        #expect(read(preview, "index.html") == page(1))
    }

    @Test func removeStaleStagingWithoutParentIsFine() throws {
        let temp = try TemporaryDirectory()
        let preview = PreviewDirectory(path: temp.url.appendingPathComponent("missing/portal"))
        try preview.removeStaleStaging()
    }

    @Test func makeStagingCreatesTheParent() throws {
        let temp = try TemporaryDirectory()
        let preview = PreviewDirectory(path: temp.url.appendingPathComponent("a/b/portal"))
        let staging = try preview.makeStaging()
        #expect(staging.deletingLastPathComponent().path == temp.url.appendingPathComponent("a/b").path)
        #expect(FileManager.default.fileExists(atPath: staging.path))
    }

    @Test func discardRemovesStagingOnly() throws {
        let temp = try TemporaryDirectory()
        let preview = PreviewDirectory(path: temp.url.appendingPathComponent("portal"))
        let staging = try stage(preview, generation: 1)
        preview.discard(staging)
        #expect(try temp.listing() == [])
        // Not a staging folder of this preview: left alone.
        let other = temp.url.appendingPathComponent("keep")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        preview.discard(other)
        #expect(try temp.listing() == ["keep"])
    }

    @Test func unwritableParentGivesAClearError() throws {
        let temp = try TemporaryDirectory()
        let file = temp.url.appendingPathComponent("not-a-dir")
        try Data("x".utf8).write(to: file)
        let preview = PreviewDirectory(path: file.appendingPathComponent("portal"))
        let error = #expect(throws: SwapError.self) { try preview.makeStaging() }
        #expect(error?.message.contains(file.path) == true)
        #expect(error?.message.contains("Not a directory") == true)
        #expect(error?.kind == "preview")

        // Permission bits don't stop root, so this half only runs as a normal user.
        if geteuid() != 0 {
            let locked = temp.url.appendingPathComponent("locked")
            try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
            chmod(locked.path, 0o500)
            defer { chmod(locked.path, 0o700) }
            let denied = #expect(throws: SwapError.self) {
                try PreviewDirectory(path: locked.appendingPathComponent("portal")).makeStaging()
            }
            #expect(denied?.message.contains("Permission denied") == true)
            #expect(denied?.message.contains(locked.path) == true)
        }
    }

    @Test func previewThatIsAFileIsRefused() throws {
        let temp = try TemporaryDirectory()
        let preview = PreviewDirectory(path: temp.url.appendingPathComponent("portal"))
        try Data("x".utf8).write(to: preview.path)
        let staging = try stage(preview, generation: 1)
        #expect(throws: SwapError.self) { try preview.swap(in: staging) }
        #expect(FileManager.default.fileExists(atPath: staging.path))
    }

    @Test func symlinkFallbackFlipsAndCleansUp() throws {
        let temp = try TemporaryDirectory()
        let preview = PreviewDirectory(path: temp.url.appendingPathComponent("portal"), exchangeEnabled: false)
        #expect(try preview.swap(in: stage(preview, generation: 1, extra: "one.html")) == .rename)
        #expect(try preview.swap(in: stage(preview, generation: 2)) == .symlink)  // the one-time transition
        #expect(try preview.swap(in: stage(preview, generation: 3)) == .symlink)

        #expect(read(preview, "index.html") == page(3))
        #expect(read(preview, "one.html") == nil)
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: preview.path.path)
        #expect(target.hasPrefix(".portal.gen-"))
        // Besides the live generation, only the one it replaced is kept (for readers that
        // followed the old link a moment before the flip); generation 1's tree is gone.
        let kept = try temp.listing().filter { $0 != target && $0 != "portal" }
        #expect(kept.count == 1 && kept[0].hasPrefix(".portal.gen-"), "\(kept)")
        #expect(try preview.swap(in: stage(preview, generation: 4)) == .symlink)
        #expect(!(try temp.listing()).contains(kept[0]))
        let live = try FileManager.default.destinationOfSymbolicLink(atPath: preview.path.path)
        #expect(try temp.listing() == [live, target, "portal"].sorted())

        // Start-up cleanup keeps the live generation.
        try FileManager.default.createDirectory(at: temp.url.appendingPathComponent(".portal.gen-stale1"), withIntermediateDirectories: true)
        try preview.removeStaleStaging()
        #expect(try temp.listing() == [live, "portal"].sorted())
        #expect(read(preview, "index.html") == page(4))
    }

    @Test(arguments: [true, false])
    func concurrentReaderAlwaysSeesOneWholeGeneration(exchange: Bool) throws {
        let temp = try TemporaryDirectory()
        let preview = PreviewDirectory(path: temp.url.appendingPathComponent("portal"), exchangeEnabled: exchange)
        try preview.swap(in: stage(preview, generation: 0))
        try preview.swap(in: stage(preview, generation: 1))  // past the one-time symlink transition

        let reader = Reader(file: preview.path.appendingPathComponent("index.html").path)
        let thread = Thread { reader.run() }
        thread.start()
        reader.waitUntilStarted()
        for generation in 2..<202 {
            try preview.swap(in: stage(preview, generation: generation))
        }
        let result = reader.stop()

        #expect(result.failures == [])
        #expect(result.reads > 0)
        #expect(read(preview, "index.html") == page(201))
        // Exchange: the preview alone. Symlink: the link, its generation and the one before.
        #expect(try temp.listing().count == (exchange ? 1 : 3))
    }
}

/// Big enough to take several read() calls, so a mix of generations would show.
func page(_ generation: Int) -> String {
    "<!-- generation \(generation) -->\n" + String(repeating: "<p>generation \(generation)</p>\n", count: 8000)
        + "<!-- end \(generation) -->\n"
}

/// Reads a file in a loop on its own thread, recording anything that isn't a whole page.
final class Reader: @unchecked Sendable {
    private let file: String
    private let lock = NSCondition()
    private var stopping = false
    private var started = false
    private var finished = false
    private var reads = 0
    private var failures: [String] = []

    init(file: String) { self.file = file }

    func run() {
        lock.withLock { started = true; lock.broadcast() }
        while !lock.withLock({ stopping }) {
            let outcome = readOnce()
            lock.withLock {
                reads += 1
                if let outcome, failures.count < 10 { failures.append(outcome) }
            }
        }
        lock.withLock { finished = true; lock.broadcast() }
    }

    /// Nil when the read gave exactly one generation's whole page.
    private func readOnce() -> String? {
        let fd = open(file, O_RDONLY)
        guard fd >= 0 else { return "open: \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 4096) }
            if count < 0 { return "read: \(String(cString: strerror(errno)))" }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let firstLine = text.split(separator: "\n").first,
              let number = Int(firstLine.dropFirst("<!-- generation ".count).prefix(while: \.isNumber)),
              text == page(number)
        else { return "mixed or partial page of \(bytes.count) bytes" }
        return nil
    }

    func waitUntilStarted() {
        lock.withLock { while !started { lock.wait() } }
    }

    func stop() -> (reads: Int, failures: [String]) {
        lock.withLock {
            stopping = true
            while !finished { lock.wait() }
            return (reads, failures)
        }
    }
}
