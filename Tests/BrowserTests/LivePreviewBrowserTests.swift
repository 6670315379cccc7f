import Foundation
import Testing

/// The live preview in a real browser: headless Chromium on `portald watch` (built-in
/// generator, real inotify, real server on a free port). The page must follow edits by
/// itself, show the error overlay over the last good portal when a build breaks, and drop
/// it once the build is fixed. Serialized: two Chromiums at once crowd a small machine.
@Suite(.serialized, .enabled(if: HeadlessChromium.executable != nil, "chromium is not installed: scripts/setup installs Debian's chromium"))
struct LivePreviewBrowserTests {
    static let guide = "content/guides/pagination.md"
    /// A sentence of the example's pagination guide, on one source line.
    static let original = "so pages stay consistent while pets are added"

    /// The daemon with generation 1 live, and Chromium showing the guide's page.
    struct Session {
        let daemon: WatchDaemon
        let browser: HeadlessChromium
        let page: BrowserPage
        let ready: Int

        static func start() async throws -> Session {
            let daemon = try WatchDaemon()
            do {
                let ready = try await daemon.waitFor("ready")
                let url = try #require(ready.event["url"] as? String, "ready carries no url: \(ready.event)")
                try await daemon.waitFor("live", from: ready.index) { $0["generation"] as? Int == 1 }
                let path = try #require(daemon.page(containing: original), "no page of \(daemon.preview.path) holds the guide")
                let browser: HeadlessChromium
                do { browser = try await HeadlessChromium.launch() } catch let error as HeadlessChromium.Unavailable {
                    daemon.stop()
                    try Test.cancel("chromium cannot run here: \(error.description)")
                }
                do {
                    let page = try await BrowserPage(browser, url: url.hasSuffix("/") ? url + path : url + "/" + path)
                    try await page.waitUntil("the guide with live reload on") {
                        $0.text.contains(original) && $0.generation == 1 && $0.overlay == nil
                    }
                    return Session(daemon: daemon, browser: browser, page: page, ready: ready.index)
                } catch {
                    browser.close()
                    throw error
                }
            } catch {
                daemon.stop()
                throw error
            }
        }

        /// Closes Chromium, stops the daemon, removes every temp file; true when both ended well.
        @discardableResult
        func end() -> Bool {
            browser.close()
            return daemon.stop() == 130
        }

        /// A PNG of what the page shows, for a person to look at.
        func screenshot(_ name: String) async throws {
            let path = "/tmp/portald-browser-\(name).png"
            try await page.screenshot(to: path)
            let png = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(path) is not a PNG")
            // IHDR: width and height, big-endian, right after the signature and chunk header.
            let size = png.count > 24 ? png[16..<24].reduce(into: [Int]()) { $0.append(Int($1)) } : []
            let width = size.count == 8 ? size[0..<4].reduce(0) { $0 << 8 | $1 } : 0
            let height = size.count == 8 ? size[4..<8].reduce(0) { $0 << 8 | $1 } : 0
            #expect(width == BrowserPage.width && height == BrowserPage.height, "\(path) is \(width)x\(height)")
        }
    }

    @Test func editBreakAndFixShowInTheOpenPageWithoutAManualReload() async throws {
        let s = try await Session.start()
        defer { s.end() }
        let buildFile = "APIMATIC-BUILD.json"
        let good = try s.daemon.read(buildFile)
        let original = try s.daemon.read(Self.guide)
        try await s.screenshot("live")

        // An edit: the page reloads by itself (the marker is gone) and shows the new text.
        try await s.page.setMarker(1)
        let edited = "Edited while the browser watched: cursors now last 48 hours."
        try s.daemon.write(original.replacingOccurrences(of: "## Parameters", with: "\(edited)\n\n## Parameters"), to: Self.guide)
        var mark = try await s.daemon.waitFor("live", from: s.ready) { $0["generation"] as? Int == 2 }.index
        let reloaded = try await s.page.waitUntil("the edited guide") { $0.text.contains(edited) && $0.marker == nil }
        #expect(reloaded.generation == 2)
        #expect(reloaded.overlay == nil)

        // A broken build file: the overlay names it, the last good portal stays under it, no reload.
        try await s.page.setMarker(2)
        try s.daemon.write("{\n  \"generatePortal\": \n}\n", to: buildFile)
        let failed = try await s.daemon.waitFor("failed", from: mark)
        let message = (failed.event["error"] as? [String: Any])?["message"] as? String ?? ""
        let broken = try await s.page.waitUntil("the error overlay") { $0.overlay != nil }
        #expect(broken.overlay?.contains(buildFile) == true, "\(broken)")
        #expect(broken.overlay?.contains(message) == true, "overlay '\(broken.overlay ?? "")' lacks the event's message '\(message)'")
        #expect(broken.overlay?.contains("Still showing the last good portal") == true)
        #expect(broken.text.contains(edited) && broken.marker == 2 && broken.generation == 2, "\(broken)")
        try await s.screenshot("overlay")

        // A manual reload while broken: the server tells the new page the error again.
        try await s.page.reload()
        let again = try await s.page.waitUntil("the overlay after a manual reload") { $0.marker == nil && $0.overlay != nil }
        #expect(again.overlay?.contains(message) == true && again.text.contains(edited) && again.generation == 2, "\(again)")
        try await s.page.setMarker(2)

        // Another edit while broken fails too: the overlay stays, the page keeps the old text.
        let pending = "Pending while the build file is broken."
        try s.daemon.write(original.replacingOccurrences(of: "## Parameters", with: "\(pending)\n\n## Parameters"), to: Self.guide)
        mark = try await s.daemon.waitFor("failed", from: failed.index + 1).index
        let still = try #require(await s.page.state())
        #expect(still.overlay != nil && still.marker == 2 && still.text.contains(edited) && !still.text.contains(pending), "\(still)")

        // The fix: the overlay goes, the page reloads by itself and shows the pending edit.
        try s.daemon.write(good, to: buildFile)
        let live = try await s.daemon.waitFor("live", from: mark).event
        let fixed = try await s.page.waitUntil("the fixed portal") { $0.overlay == nil && $0.marker == nil && $0.text.contains(pending) }
        #expect(fixed.generation == live["generation"] as? Int)
        #expect(!fixed.text.contains(edited))
        try await s.screenshot("fixed")
        #expect(s.end())
    }

    @Test func missingTocFileShowsTheDetailsAndRevertingTakesTheOverlayAway() async throws {
        let s = try await Session.start()
        defer { s.end() }
        let toc = "content/toc.yml"
        let good = try s.daemon.read(toc)

        // toc.yml naming a file that is not there: the generator's validation details show.
        try await s.page.setMarker(1)
        try s.daemon.write(good.replacingOccurrences(of: "guides/pagination.md", with: "guides/paging.md"), to: toc)
        let failed = try await s.daemon.waitFor("failed", from: s.ready)
        let details = (failed.event["error"] as? [String: Any])?["details"] as? [String] ?? []
        #expect(!details.isEmpty, "the failed event has no details: \(failed.event)")
        let broken = try await s.page.waitUntil("the overlay with details") { $0.overlay != nil }
        for detail in details { #expect(broken.overlay?.contains(detail) == true, "overlay lacks detail '\(detail)': \(broken)") }
        #expect(broken.overlay?.contains("paging.md") == true, "\(broken)")
        #expect(broken.text.contains(Self.original) && broken.marker == 1 && broken.generation == 1, "\(broken)")
        try await s.screenshot("details")

        // Dismissing the overlay (its × button) leaves the last good portal as it was.
        _ = try await s.page.evaluate("document.querySelector('#__portald_error button').click()")
        let dismissed = try await s.page.waitUntil("the dismissed overlay") { $0.overlay == nil }
        #expect(dismissed.marker == 1)

        // Back to exactly what is live: nothing is built, yet the page is told and reloads.
        try await s.page.setMarker(2)
        try s.daemon.write(good, to: toc)
        try await s.daemon.waitFor("unchanged", from: failed.index)
        let reverted = try await s.page.waitUntil("the reverted portal") { $0.marker == nil }
        #expect(reverted.overlay == nil && reverted.generation == 1 && reverted.text.contains(Self.original), "\(reverted)")
        #expect(s.daemon.events.filter { $0["event"] as? String == "live" }.count == 1)
        #expect(s.end())
    }
}
