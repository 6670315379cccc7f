import Diagnostics
import Foundation
import Testing
@testable import Watcher

#if canImport(Glibc)
import Glibc
#endif

/// Real inotify in private temp dirs. Serialized: the overflow test floods the one shared
/// inotify instance and the stop test checks that the shared thread ends.
@Suite(.serialized)
struct WatcherTests {
    /// Starts a watcher on `tree` and waits for its ready event.
    private func start(_ tree: TempTree, options: WatcherOptions = .init(),
                       isIgnored: @escaping @Sendable (String, Bool) -> Bool = testIgnore)
        async throws -> (Watcher, EventLog) {
        let watcher = try Watcher(root: tree.root, isIgnored: isIgnored, options: options)
        let log = EventLog(watcher.events)
        let ready = await log.wait { isReady($0) }
        try #require(ready, "no ready event")
        return (watcher, log)
    }

    /// Writes a sentinel and waits for it: every event queued before it has been handled.
    private func settle(_ tree: TempTree, _ log: EventLog, from start: Int) async throws {
        let name = "sentinel-\(UUID().uuidString.prefix(8)).md"
        try tree.write(name)
        try #require(await log.waitForChanges([name], from: start))
    }

    @Test func readyCountsOnlyNonIgnoredDirectories() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        for dir in ["content/guides", "spec", "static", ".git/objects/ab", "content/custom-ignored/deep"] {
            try tree.mkdir(dir)
        }
        let (watcher, log) = try await start(tree)
        defer { watcher.stop() }
        // root, content, content/guides, spec, static; nothing under .git or custom-ignored.
        #expect(readyWatchCount(log.events()) == 5)

        let mark = log.count
        try tree.write(".git/index")
        try tree.write(".git/objects/ab/cdef")
        try tree.write("content/custom-ignored/deep/x.md")
        try tree.write("content/guides/notes.md~")
        try await settle(tree, log, from: mark)
        let seen = log.changedPaths(from: mark)
        #expect(!seen.contains { $0.hasPrefix(".git") || $0.contains("custom-ignored") || $0.hasSuffix("~") })
    }

    @Test func writingAFileReportsItsRelativePath() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.mkdir("content")
        let (watcher, log) = try await start(tree)
        defer { watcher.stop() }

        let mark = log.count
        try tree.write("content/guide.md", "# Guide")
        #expect(await log.waitForChanges(["content/guide.md"], from: mark))
        let mark2 = log.count
        try tree.write("APIMATIC-BUILD.json", "{}")
        #expect(await log.waitForChanges(["APIMATIC-BUILD.json"], from: mark2))
    }

    @Test func vimSaveReportsTheFileAndNoneOfItsScratchNames() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.mkdir("content")
        try tree.write("content/file.md", "old")
        let (watcher, log) = try await start(tree)
        defer { watcher.stop() }

        let mark = log.count
        try tree.write("content/4913", "")           // vim's probe that the directory is writable
        try tree.delete("content/4913")
        try tree.move("content/file.md", "content/file.md~")  // backup by rename
        try tree.write("content/file.md", "new")
        try tree.delete("content/file.md~")
        try await settle(tree, log, from: mark)
        let seen = log.changedPaths(from: mark)
        #expect(seen.contains("content/file.md"))
        #expect(!seen.contains("content/4913"))
        #expect(!seen.contains("content/file.md~"))
    }

    @Test func jetBrainsSafeWriteReportsOnlyTheFile() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.mkdir("spec")
        try tree.write("spec/openapi.yaml", "old")
        let (watcher, log) = try await start(tree)
        defer { watcher.stop() }

        let mark = log.count
        try tree.write("spec/openapi.yaml___jb_tmp___", "new")
        try tree.move("spec/openapi.yaml", "spec/openapi.yaml___jb_old___")
        try tree.move("spec/openapi.yaml___jb_tmp___", "spec/openapi.yaml")
        try tree.delete("spec/openapi.yaml___jb_old___")
        try await settle(tree, log, from: mark)
        let seen = log.changedPaths(from: mark).filter { !$0.hasPrefix("sentinel-") }
        #expect(seen == ["spec/openapi.yaml"])
    }

    @Test func writeTempThenRenameReportsTheTarget() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.mkdir("content")
        let (watcher, log) = try await start(tree)
        defer { watcher.stop() }

        let mark = log.count
        try tree.write("content/.goutputstream-K2J3Z1", "# Title")
        try tree.move("content/.goutputstream-K2J3Z1", "content/index.md")
        try await settle(tree, log, from: mark)
        let seen = log.changedPaths(from: mark).filter { !$0.hasPrefix("sentinel-") }
        #expect(seen == ["content/index.md"])
    }

    @Test func fileWrittenRightAfterMkdirPIsReportedAndTheNewTreeIsWatched() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        let (watcher, log) = try await start(tree)
        defer { watcher.stop() }

        let mark = log.count
        // No pause between mkdir and write: the file usually exists before the watch on
        // a/b/c does, so only the listing after the watch can find it.
        try tree.mkdir("a/b/c")
        try tree.write("a/b/c/deep.md")
        #expect(await log.waitForChanges(["a", "a/b/c/deep.md"], from: mark))

        let mark2 = log.count
        try tree.write("a/b/c/later.md")
        try tree.write("a/b/sibling.md")
        #expect(await log.waitForChanges(["a/b/c/later.md", "a/b/sibling.md"], from: mark2))
    }

    @Test func deletedAndRecreatedDirectoryIsWatchedAgain() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.mkdir("content/guides")
        try tree.write("content/guides/old.md")
        let (watcher, log) = try await start(tree)
        defer { watcher.stop() }

        let mark = log.count
        try tree.delete("content")
        try tree.mkdir("content/guides")
        try tree.write("content/guides/new.md")
        try tree.write("content/toc.yml")
        #expect(await log.waitForChanges(["content/guides/old.md", "content/guides/new.md", "content/toc.yml"],
                                         from: mark))
        let mark2 = log.count
        try tree.write("content/guides/again.md")
        #expect(await log.waitForChanges(["content/guides/again.md"], from: mark2))
    }

    @Test func directoryMovedInIsScannedAndMovedOutIsDropped() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        let outside = try TempTree()
        defer { outside.remove() }
        try tree.mkdir("content")
        try outside.mkdir("chapter/images")
        try outside.write("chapter/intro.md")
        try outside.write("chapter/images/logo.png")
        let (watcher, log) = try await start(tree)
        defer { watcher.stop() }

        let mark = log.count
        try FileManager.default.moveItem(at: outside.url("chapter"), to: tree.url("content/chapter"))
        #expect(await log.waitForChanges(
            ["content/chapter", "content/chapter/intro.md", "content/chapter/images/logo.png"], from: mark))
        let mark2 = log.count
        try tree.write("content/chapter/images/more.png")
        #expect(await log.waitForChanges(["content/chapter/images/more.png"], from: mark2))

        let mark3 = log.count
        try FileManager.default.moveItem(at: tree.url("content/chapter"), to: outside.url("back"))
        try outside.write("back/images/outside.png")
        try await settle(tree, log, from: mark3)
        let seen = log.changedPaths(from: mark3)
        #expect(seen.contains("content/chapter"))
        #expect(!seen.contains { $0.contains("outside.png") })
    }

    @Test func queueOverflowProducesARescanAndWatchingContinues() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.mkdir("content")
        try tree.write("content/a.md")
        try tree.write("content/b.md")
        let (watcher, log) = try await start(tree)
        defer { watcher.stop() }

        // Stop reading and make the kernel queue (fs.inotify.max_queued_events) overflow for
        // real: alternating touches cannot be merged into one event.
        let queueLimit = (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 16384
        WatchHub.shared.suspendReading(true)
        let a = tree.url("content/a.md").path, b = tree.url("content/b.md").path
        for _ in 0...(queueLimit / 2 + 100) {
            utimes(a, nil)
            utimes(b, nil)
        }
        let mark = log.count
        WatchHub.shared.suspendReading(false)
        #expect(await log.wait(from: mark) { firstRescan($0)?.contains("overflow") == true })

        let mark2 = log.count
        try tree.write("content/after.md")
        #expect(await log.waitForChanges(["content/after.md"], from: mark2))
    }

    @Test func watchLimitWarnsAndFallsBackToPolling() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        for dir in ["d1", "d2", "d3/d4"] { try tree.mkdir(dir) }  // 5 directories with the root
        let options = WatcherOptions(pollInterval: .milliseconds(50), maxWatchesForTesting: 2)
        let (watcher, log) = try await start(tree, options: options)
        defer { watcher.stop() }

        let warning = try #require(firstWarning(log.events()))
        #expect(warning.contains("fs.inotify.max_user_watches"))
        #expect(warning.contains("sudo sysctl fs.inotify.max_user_watches=524288"))
        #expect(warning.contains("/etc/sysctl.d/"))
        #expect(warning.contains(tree.root.lastPathComponent))
        #expect(readyWatchCount(log.events()) == 0)

        let mark = log.count
        try tree.write("d3/d4/page.md")
        #expect(await log.waitForChanges(["d3/d4/page.md"], from: mark))
        let mark2 = log.count
        try tree.delete("d1")
        try tree.write("d2/.goutputstream-XYZ")  // ignored under polling too
        #expect(await log.waitForChanges(["d1"], from: mark2))
        try await settle(tree, log, from: mark2)
        #expect(!log.changedPaths(from: mark2).contains("d2/.goutputstream-XYZ"))
    }

    @Test func watchLimitReachedLaterSwitchesToPollingWithARescan() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.mkdir("content")
        let options = WatcherOptions(pollInterval: .milliseconds(50), maxWatchesForTesting: 2)
        let (watcher, log) = try await start(tree, options: options)
        defer { watcher.stop() }
        #expect(readyWatchCount(log.events()) == 2)

        let mark = log.count
        try tree.mkdir("content/new/deeper")  // needs two more watches than allowed
        #expect(await log.wait(from: mark) { events in
            firstWarning(events)?.contains("max_user_watches") == true && firstRescan(events) != nil
        })
        let mark2 = log.count
        try tree.write("content/new/deeper/page.md")
        #expect(await log.waitForChanges(["content/new/deeper/page.md"], from: mark2))
    }

    @Test func forcedPollingReportsCreateModifyAndDelete() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.mkdir("content")
        try tree.write("content/keep.md", "one")
        let options = WatcherOptions(pollInterval: .milliseconds(30), forcePolling: true)
        let (watcher, log) = try await start(tree, options: options)
        defer { watcher.stop() }
        #expect(readyWatchCount(log.events()) == 0)

        let mark = log.count
        try tree.write("content/new.md")
        try tree.write("content/keep.md", "two, longer")
        #expect(await log.waitForChanges(["content/new.md", "content/keep.md"], from: mark))
        let mark2 = log.count
        try tree.delete("content/new.md")
        #expect(await log.waitForChanges(["content/new.md"], from: mark2))
    }

    @Test func buildDirectoryDeletedAndRecreatedIsWatchedAgain() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.mkdir("content")
        let options = WatcherOptions(pollInterval: .milliseconds(50))
        let (watcher, log) = try await start(tree, options: options)
        defer { watcher.stop() }

        let mark = log.count
        try FileManager.default.removeItem(at: tree.root)
        #expect(await log.wait(from: mark) { firstWarning($0)?.contains("removed") == true })
        try tree.mkdir("content")
        #expect(await log.wait(from: mark) { firstRescan($0)?.contains("recreated") == true })
        let mark2 = log.count
        try tree.write("content/back.md")
        #expect(await log.waitForChanges(["content/back.md"], from: mark2))
    }

    @Test func twoWatchersOnOverlappingTreesBothReport() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.mkdir("content/guides")
        let (outer, outerLog) = try await start(tree)
        defer { outer.stop() }
        let inner = try Watcher(root: tree.url("content"), isIgnored: testIgnore)
        let innerLog = EventLog(inner.events)
        try #require(await innerLog.wait { isReady($0) })

        let outerMark = outerLog.count, innerMark = innerLog.count
        try tree.write("content/guides/shared.md")
        #expect(await outerLog.waitForChanges(["content/guides/shared.md"], from: outerMark))
        #expect(await innerLog.waitForChanges(["guides/shared.md"], from: innerMark))

        // Stopping one must not remove the shared watches of the other.
        inner.stop()
        let mark = outerLog.count
        try tree.write("content/guides/after.md")
        #expect(await outerLog.waitForChanges(["content/guides/after.md"], from: mark))
    }

    @Test func stopIsPromptEndsTheStreamAndTheThread() async throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.mkdir("content")
        let (watcher, log) = try await start(tree)

        let started = ContinuousClock.now
        watcher.stop()
        let took = ContinuousClock.now - started
        #expect(took < .milliseconds(500), "stop took \(took)")
        #expect(await log.waitForEndOfStream())
        #expect(!WatchHub.shared.isRunning)

        let count = log.count
        try tree.write("content/after-stop.md")
        try tree.mkdir("content/new-dir")
        watcher.stop()  // idempotent
        #expect(log.count == count)
    }

    @Test func missingRootIsAUserFacingErrorNamingIt() throws {
        let missing = FileManager.default.temporaryDirectory
            .appendingPathComponent("portald-watcher-missing-\(UUID().uuidString)")
        do {
            _ = try Watcher(root: missing, isIgnored: testIgnore)
            Issue.record("expected an error")
        } catch let error as UserFacingError {
            #expect(error.message.contains(missing.path))
            #expect(error.kind == "watch")
        }

        let tree = try TempTree()
        defer { tree.remove() }
        try tree.write("APIMATIC-BUILD.json")
        #expect(throws: WatcherError.self) {
            _ = try Watcher(root: tree.url("APIMATIC-BUILD.json"), isIgnored: testIgnore)
        }
    }
}
