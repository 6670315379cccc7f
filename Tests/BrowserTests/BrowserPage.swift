import Foundation

/// One tab of a `HeadlessChromium`, attached with a flat session: reads what a person would
/// see (body text, the error overlay) and takes screenshots.
struct BrowserPage {
    /// What the page shows at one moment.
    struct State: CustomStringConvertible {
        var text: String
        /// The overlay's text, nil when there is none.
        var overlay: String?
        /// `window.__marker`: set by the test, gone after any reload.
        var marker: Int?
        /// The generation the page was served with (the live-reload script's attribute).
        var generation: Int?
        var url: String

        var description: String {
            "url \(url), generation \(generation.map(String.init) ?? "none"), marker \(marker.map(String.init) ?? "none"), "
                + "overlay \(overlay.map { "'\($0)'" } ?? "none"), text '\(text.prefix(300))…'"
        }
    }

    let browser: HeadlessChromium
    let session: String

    /// Opens `url` in a new tab.
    init(_ browser: HeadlessChromium, url: String) async throws {
        self.browser = browser
        let target = try await browser.send("Target.createTarget", ["url": url])
        guard let targetId = target["targetId"] as? String else { throw DevToolsError(method: "Target.createTarget", message: "no targetId") }
        let attached = try await browser.send("Target.attachToTarget", ["targetId": targetId, "flatten": true])
        guard let session = attached["sessionId"] as? String else { throw DevToolsError(method: "Target.attachToTarget", message: "no sessionId") }
        self.session = session
        // A fixed viewport (the window's own excludes headless chrome's frame): stable screenshots.
        try await browser.send("Emulation.setDeviceMetricsOverride", ["width": Self.width, "height": Self.height,
                                                                "deviceScaleFactor": 1, "mobile": false], session: session)
    }

    static let width = 1280, height = 900

    /// Evaluates `expression` in the page and returns its value (JSON-like).
    func evaluate(_ expression: String) async throws -> Any? {
        let result = try await browser.send("Runtime.evaluate", ["expression": expression, "returnByValue": true], session: session)
        if let exception = result["exceptionDetails"] as? [String: Any] {
            throw DevToolsError(method: "Runtime.evaluate", message: "\(exception["text"] ?? exception)")
        }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// What a person's F5 does.
    func reload() async throws { try await browser.send("Page.reload", [:], session: session) }

    func setMarker(_ value: Int) async throws { _ = try await evaluate("window.__marker = \(value)") }

    /// The page's state, or nil while it has none to read (between unload and the new document).
    func state() async -> State? {
        let expression = """
        (function(){var o=document.getElementById('__portald_error'),s=document.getElementById('__portald_live');
        return {ready:document.readyState,text:document.body?document.body.innerText:'',overlay:o?o.innerText:null,
        marker:typeof window.__marker==='number'?window.__marker:null,
        generation:s?Number(s.getAttribute('data-generation')):null,url:location.href};})()
        """
        guard let value = try? await evaluate(expression) as? [String: Any], value["ready"] as? String == "complete" else { return nil }
        return State(text: value["text"] as? String ?? "", overlay: value["overlay"] as? String,
                     marker: value["marker"] as? Int, generation: value["generation"] as? Int, url: value["url"] as? String ?? "")
    }

    /// Polls the page until `condition` holds (the page reloads and rebuilds by itself, so
    /// there is no single event to wait for); fails with the last state seen.
    @discardableResult
    func waitUntil(_ what: String, timeout: TimeInterval = 60, _ condition: (State) -> Bool) async throws -> State {
        let deadline = Date().addingTimeInterval(timeout)
        var last: State?
        while true {
            if let state = await state() {
                if condition(state) { return state }
                last = state
            }
            guard Date() < deadline else {
                throw DevToolsError(method: "wait", message: "the page never showed \(what) within \(timeout) s; last seen: \(last.map(\.description) ?? "nothing")")
            }
            // A short pause between reads keeps the loop from spinning while the daemon builds.
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// A PNG of the viewport, written to `path`.
    func screenshot(to path: String) async throws {
        let result = try await browser.send("Page.captureScreenshot", ["format": "png"], session: session, timeout: 30)
        guard let base64 = result["data"] as? String, let png = Data(base64Encoded: base64) else {
            throw DevToolsError(method: "Page.captureScreenshot", message: "no image data")
        }
        try png.write(to: URL(fileURLWithPath: path))
    }
}
