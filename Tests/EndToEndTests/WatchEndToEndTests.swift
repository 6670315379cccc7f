import Foundation
import PortaldTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing

/// `portald watch` as a user runs it: real inotify on a temp copy of the example, the real
/// binary, `portald emulate` (echo renderer, so the portal shows exactly what was uploaded).
@Suite struct WatchEndToEndTests {
    static let key = "e2e-watch-key-90d1"

    struct Fixture {
        // Stored properties are destroyed in this order: the daemon stops before its emulator,
        // so it never outlives it and never talks to another test's emulator on a reused port.
        let watch: WatchProcess
        let emulator: EmulatorProcess
        let workspace: TestWorkspace

        init(latency: String = "0", extra: [String] = []) throws {
            let workspace = try TestWorkspace()
            let emulator = try EmulatorProcess(["--renderer", "echo", "--latency", latency])
            self.workspace = workspace
            self.emulator = emulator
            let debounce = extra.contains("--debounce") ? [] : ["--debounce", "50"]
            watch = try WatchProcess([workspace.project.path, "--preview", workspace.preview.path,
                                      "--state-dir", workspace.state.path, "--generator", emulator.url,
                                      "--poll-cap", "50", "--no-serve"] + debounce + extra,
                                     environment: ["APIMATIC_API_KEY": WatchEndToEndTests.key])
        }

        var guide: URL { workspace.project.appendingPathComponent("content/guides/pagination.md") }

        /// The uploaded copy of a build file, as the echo portal in the preview holds it.
        func served(_ relative: String) -> String? {
            try? String(contentsOf: workspace.preview.appendingPathComponent("src/" + relative), encoding: .utf8)
        }

        func live(_ generation: Int, from: Int = 0) async throws -> Int {
            try await watch.waitFor("live", from: from) { $0["generation"] as? Int == generation }.index
        }
    }

    @Test func editGoesLiveOncePerSaveAndTouchChangesNothing() async throws {
        let f = try Fixture()
        defer { f.workspace.remove() }
        let ready = try await f.watch.waitFor("ready").index
        var mark = try await f.live(1, from: ready)
        try "# Pagination\n\nEdited once.\n".write(to: f.guide, atomically: false, encoding: .utf8)
        mark = try await f.live(2, from: mark)
        #expect(f.served("content/guides/pagination.md")?.contains("Edited once.") == true)
        // Same bytes again (touch / an editor rewriting identical content): nothing is submitted.
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: f.guide.path)
        try await f.watch.waitFor("unchanged", from: mark)
        #expect(f.watch.events(named: "submitted").count == 2)
        #expect(f.watch.events(named: "change").first?["paths"] as? [String] == ["content/guides/pagination.md"])
        #expect(await f.watch.interrupt() == 130)
        #expect(f.workspace.rootListing() == ["petstore", "portal", "state"])
        #expect(!f.watch.stderr.contains(Self.key) && !f.watch.events.description.contains(Self.key))
    }

    @Test func editDuringASlowJobSupersedesItEvenWhenItFinishesLast() async throws {
        // Job 1 takes 15 s (ample for the edit below even when the suite loads the machine),
        // every later job 100 ms: job 1 finishes after job 2.
        let f = try Fixture(latency: "15000,100")
        defer { f.workspace.remove() }
        let first = try await f.watch.waitFor("submitted") { $0["generation"] as? Int == 1 }.event
        try "# Pagination\n\nSecond.\n".write(to: f.guide, atomically: false, encoding: .utf8)
        try await f.watch.waitFor("superseded") { $0["generation"] as? Int == 1 }
        _ = try await f.live(2)
        // Wait for the emulator to finish job 1 (an event at the service, not a sleep) ...
        let job1 = try #require(first["job"] as? String)
        try await waitUntilEmulatorFinished(f.emulator.url, job: job1, timeout: 60)
        // ... then a later save still lands, and generation 1 was never applied.
        try "# Pagination\n\nThird.\n".write(to: f.guide, atomically: false, encoding: .utf8)
        _ = try await f.live(3)
        #expect(f.watch.events(named: "live").compactMap { $0["generation"] as? Int } == [2, 3])
        #expect(f.served("content/guides/pagination.md")?.contains("Third.") == true)
    }

    @Test func brokenBuildFileFailsAndTheFixRegenerates() async throws {
        let f = try Fixture()
        defer { f.workspace.remove() }
        var mark = try await f.live(1)
        let before = f.workspace.previewContents()
        let buildFile = f.workspace.project.appendingPathComponent("APIMATIC-BUILD.json")
        let good = try Data(contentsOf: buildFile)
        try Data("{\n  \"generatePortal\": \n}\n".utf8).write(to: buildFile)
        let failed = try await f.watch.waitFor("failed", from: mark)
        let message = (failed.event["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("APIMATIC-BUILD.json:3:"), "\(message)")
        #expect(f.workspace.previewContents() == before)
        // The fix (here with a new trailing line, so it differs from what is live) regenerates.
        try (good + Data("\n".utf8)).write(to: buildFile)
        mark = try await f.live(2, from: failed.index)
        #expect(f.watch.process.isRunning)
    }

    @Test func unreachableGeneratorFailsAndTheNextChangeRetries() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let watch = try WatchProcess([workspace.project.path, "--preview", workspace.preview.path, "--state-dir", workspace.state.path,
                                      "--generator", "http://127.0.0.1:9", "--debounce", "50", "--no-serve"],
                                     environment: ["APIMATIC_API_KEY": Self.key])
        let first = try await watch.waitFor("failed")
        let message = (first.event["error"] as? [String: Any])?["message"] as? String
        #expect(message?.contains("127.0.0.1:9") == true, "\(String(describing: message))")
        try "retry".write(to: workspace.project.appendingPathComponent("content/guides/pagination.md"), atomically: false, encoding: .utf8)
        try await watch.waitFor("failed", from: first.index + 1) { $0["generation"] as? Int == 2 }
        #expect(watch.process.isRunning)
        #expect(await watch.interrupt() == 130)
    }

    @Test func vimSaveIsOneBuildAndItsTempFilesAreNeverUploaded() async throws {
        let f = try Fixture()
        defer { f.workspace.remove() }
        let mark = try await f.live(1)
        // vim with backupcopy=no: probe file 4913, rename to file~, write the new file, delete file~.
        let folder = f.guide.deletingLastPathComponent()
        let probe = folder.appendingPathComponent("4913"), backup = folder.appendingPathComponent("pagination.md~")
        try Data().write(to: probe)
        try FileManager.default.removeItem(at: probe)
        try FileManager.default.moveItem(at: f.guide, to: backup)
        try "# Pagination\n\nSaved by vim.\n".write(to: f.guide, atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(at: backup)
        _ = try await f.live(2, from: mark)
        #expect(f.watch.events(named: "submitted").count == 2)
        let uploaded = (try? FileManager.default.subpathsOfDirectory(atPath: f.workspace.preview.appendingPathComponent("src").path)) ?? []
        #expect(!uploaded.contains { $0.hasSuffix("4913") || $0.hasSuffix("~") || $0.contains(".swp") })
        #expect(f.served("content/guides/pagination.md")?.contains("Saved by vim.") == true)
    }

    @Test func tenThousandFilesInABurstAreOneBuildOrTwo() async throws {
        // Writing 10,000 files takes seconds on this disk and, with the rest of the suite
        // running, the writer can stall for over a second (seen: 1.5 s). A burst here means
        // no pause longer than the quiet period, so: a 4 s quiet period and a max-wait longer
        // than the whole write. (The default 100 ms suits an editor's save or a checkout.)
        let f = try Fixture(extra: ["--debounce", "4000", "--max-wait", "120000"])
        defer { f.workspace.remove() }
        var from = try await f.live(1)
        let bulk = f.workspace.project.appendingPathComponent("static/bulk")
        try FileManager.default.createDirectory(at: bulk, withIntermediateDirectories: true)
        // Plain open/write/close: Foundation's Data.write fsyncs every file, which on a slow disk
        // stalls the burst for seconds (that would be a slow writer, not a burst).
        let folder = bulk.path
        let written = try await offPool {
            (0..<10_000).filter { index in
                let fd = open(folder + "/f\(index).txt", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                defer { close(fd) }
                let bytes = Array("file \(index)\n".utf8)
                return fd >= 0 && write(fd, bytes, bytes.count) == bytes.count
            }.count
        }
        #expect(written == 10_000)
        while f.served("static/bulk/f9999.txt") != "file 9999\n" {
            from = try await f.watch.waitFor("live", from: from + 1).index
        }
        let builds = Set(f.watch.events(named: "submitted").compactMap { $0["generation"] as? Int }).subtracting([1])
        let trace = f.watch.events.map { "\($0["event"] ?? "?")\(($0["count"]).map { "(\($0))" } ?? "")@\(($0["ts"] as? String ?? "").suffix(9))" }
        #expect(builds.count <= 2, "the burst took \(builds.count) builds: \(trace)")
    }

    @Test func ignoreFileKeepsFilesOutOfUploadsAndBuilds() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        try "drafts/\n*.tmp\n".write(to: workspace.project.appendingPathComponent(".portaldignore"), atomically: false, encoding: .utf8)
        let drafts = workspace.project.appendingPathComponent("content/drafts")
        try FileManager.default.createDirectory(at: drafts, withIntermediateDirectories: true)
        try "secret draft".write(to: drafts.appendingPathComponent("wip.md"), atomically: false, encoding: .utf8)
        let emulator = try EmulatorProcess(["--renderer", "echo"])
        let watch = try WatchProcess([workspace.project.path, "--preview", workspace.preview.path, "--state-dir", workspace.state.path,
                                      "--generator", emulator.url, "--poll-cap", "50", "--debounce", "50", "--no-serve"],
                                     environment: ["APIMATIC_API_KEY": Self.key])
        let live = try await watch.waitFor("live").index
        let src = workspace.preview.appendingPathComponent("src")
        #expect(!FileManager.default.fileExists(atPath: src.appendingPathComponent("content/drafts").path))
        // Ignored edits build nothing; the next real edit is the next generation.
        try "more".write(to: drafts.appendingPathComponent("wip.md"), atomically: false, encoding: .utf8)
        try "x".write(to: workspace.project.appendingPathComponent("content/scratch.tmp"), atomically: false, encoding: .utf8)
        try "# Real edit\n".write(to: workspace.project.appendingPathComponent("content/guides/pagination.md"), atomically: false, encoding: .utf8)
        let next = try await watch.waitFor("change", from: live).event
        let paths = next["paths"] as? [String] ?? []
        // (A folder may be listed too: creating the ignored file touched content/.)
        #expect(paths.contains("content/guides/pagination.md"))
        #expect(!paths.contains { $0.contains("drafts") || $0.hasSuffix(".tmp") }, "\(paths)")
        try await watch.waitFor("live", from: live + 1) { $0["generation"] as? Int == 2 }
        #expect(!FileManager.default.fileExists(atPath: src.appendingPathComponent("content/scratch.tmp").path))
    }

    @Test func statusStopAndConfigFindTheDaemon() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let state = ["--state-dir", workspace.state.path]
        let watch = try WatchProcess([workspace.project.path, "--preview", workspace.preview.path, "--no-serve"] + state)
        try await watch.waitFor("live")
        let status = try await PortaldProcess.run(["status", workspace.project.path] + state)
        #expect(status.status == 0 && status.stdout.contains("pid \(watch.process.processIdentifier)"), "\(status.output)")
        let config = try await PortaldProcess.run(["config", workspace.project.path, "--debounce", "250"], environment: ["PORTALD_PORT": "0"])
        #expect(config.stdout.contains("250 ms  (command line)") && config.stdout.contains("(environment PORTALD_PORT)"), "\(config.output)")
        let stop = try await PortaldProcess.run(["stop", workspace.project.path] + state)
        #expect(stop.status == 0, "\(stop.output)")
        watch.process.waitUntilExit()
        #expect(watch.process.terminationStatus == 0)  // SIGTERM is a requested, clean stop
        #expect(try await PortaldProcess.run(["status", workspace.project.path] + state).status == 1)
        #expect(workspace.rootListing() == ["petstore", "portal", "state"])
    }

    @Test func servedPreviewGetsItsRealURLInTheUploadedBuildFileOnly() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let buildFile = workspace.project.appendingPathComponent("APIMATIC-BUILD.json")
        let original = try Data(contentsOf: buildFile)
        #expect(String(decoding: original, as: UTF8.self).contains("http://localhost:23513/"))
        let emulator = try EmulatorProcess(["--renderer", "echo"])
        let watch = try WatchProcess([workspace.project.path, "--preview", workspace.preview.path, "--state-dir", workspace.state.path,
                                      "--generator", emulator.url, "--poll-cap", "50", "--port", "0"],
                                     environment: ["APIMATIC_API_KEY": Self.key])
        let url = try #require(try await watch.waitFor("ready").event["url"] as? String)
        try await watch.waitFor("live")
        let uploaded = try String(contentsOf: workspace.preview.appendingPathComponent("src/APIMATIC-BUILD.json"), encoding: .utf8)
        #expect(uploaded.contains("\"baseUrl\": \"\(url)\""), "\(uploaded)")
        #expect(try Data(contentsOf: buildFile) == original)
        // The preview server answers with the live portal and its status.
        let page = try Data(contentsOf: URL(string: url)!)
        #expect(String(decoding: page, as: UTF8.self).contains("__portald_live"))
        let status = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(string: url + "__portald/status")!)) as? [String: Any]
        #expect(status?["live"] as? Int == 1)
    }

    @Test func openLaunchesTheBrowserOnceTheFirstPortalIsLive() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        // A stand-in xdg-open that records what it was asked to open.
        let bin = workspace.root.appendingPathComponent("bin"), opened = workspace.root.appendingPathComponent("opened")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try "#!/bin/sh\necho \"$1\" >> '\(opened.path)'\n".write(to: bin.appendingPathComponent("xdg-open"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("xdg-open").path)
        let watch = try WatchProcess([workspace.project.path, "--preview", workspace.preview.path, "--state-dir", workspace.state.path,
                                      "--port", "0", "--open", "--debounce", "50"],
                                     environment: ["PATH": bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
        let url = try #require(try await watch.waitFor("ready").event["url"] as? String)
        let live = try await watch.waitFor("live").index
        try "# Second\n".write(to: workspace.project.appendingPathComponent("content/guides/pagination.md"), atomically: false, encoding: .utf8)
        try await watch.waitFor("live", from: live + 1)
        _ = await watch.interrupt()
        #expect(try String(contentsOf: opened, encoding: .utf8) == url + "\n")  // once, not per generation
    }

    @Test func restartWithUnchangedInputGeneratesNothing() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let arguments = [workspace.project.path, "--preview", workspace.preview.path, "--state-dir", workspace.state.path, "--no-serve"]
        let first = try WatchProcess(arguments)
        try await first.waitFor("live")
        #expect(await first.interrupt() == 130)
        let second = try WatchProcess(arguments)
        try await second.waitFor("unchanged")
        #expect(second.events(named: "submitted").isEmpty)
        #expect(await second.interrupt() == 130)
    }

    @Test func contentFolderDeletedAndRecreatedIsBuilt() async throws {
        let f = try Fixture()
        defer { f.workspace.remove() }
        let mark = try await f.live(1)
        let content = f.workspace.project.appendingPathComponent("content")
        try FileManager.default.removeItem(at: content)
        try FileManager.default.createDirectory(at: content.appendingPathComponent("guides/deep"), withIntermediateDirectories: true)
        try "# New\n".write(to: content.appendingPathComponent("guides/deep/new.md"), atomically: false, encoding: .utf8)
        // Builds may split around the delete; wait until the newest content is live.
        var from = mark
        while f.served("content/guides/deep/new.md") != "# New\n" {
            from = try await f.watch.waitFor("live", from: from + 1).index
        }
        #expect(f.served("content/guides/pagination.md") == nil)
    }

    @Test func interruptDuringASlowJobLeavesThePreviewCompleteAndNoStaging() async throws {
        let f = try Fixture(latency: "0,30000")
        defer { f.workspace.remove() }
        let mark = try await f.live(1)
        let before = f.workspace.previewContents()
        try "slow".write(to: f.guide, atomically: false, encoding: .utf8)
        try await f.watch.waitFor("submitted", from: mark) { $0["generation"] as? Int == 2 }
        #expect(await f.watch.interrupt() == 130)
        #expect(f.workspace.previewContents() == before)
        #expect(f.workspace.rootListing() == ["petstore", "portal", "state"])
    }
}

/// Polls the emulator's status endpoint for `job` until it redirects to the download (done).
func waitUntilEmulatorFinished(_ base: String, job: String, timeout: TimeInterval = 30) async throws {
    try await offPool {
        let deadline = Date().addingTimeInterval(timeout)
        var request = URLRequest(url: URL(string: "\(base)/portal/v2/\(job)/status")!)
        request.setValue("X-Auth-Key any", forHTTPHeaderField: "Authorization")
        while Date() < deadline {
            let done = DispatchSemaphore(value: 0)
            let finished = Mutex(false)
            // URLSession follows the 302: landing on /download means the job is finished.
            URLSession.shared.dataTask(with: request) { _, response, _ in
                finished.withLock { $0 = response?.url?.path.hasSuffix("/download") == true }
                done.signal()
            }.resume()
            done.wait()
            if finished.withLock({ $0 }) { return }
            usleep(100_000)
        }
        throw TestFailure("job \(job) did not finish at the emulator within \(timeout) s")
    }
}
