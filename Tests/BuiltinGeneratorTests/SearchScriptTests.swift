import Foundation
import Testing
@testable import BuiltinGenerator

/// Runs the generated search script under node with a minimal DOM, the way a browser
/// opening the portal from disk would: data from search-index.js, no fetch().
@Suite struct SearchScriptTests {
    static let node = ["/usr/bin/node", "/usr/local/bin/node"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static let harness = """
    const fs = require("fs");
    const [indexFile, scriptFile, query] = process.argv.slice(2);
    global.window = { location: { href: "" } };
    const elements = {};
    function element(tag) {
      const e = { tag, children: [], className: "", href: "", value: "", listeners: {},
        appendChild(child) { this.children.push(child); },
        addEventListener(type, f) { this.listeners[type] = f; },
        querySelector() { return this.children.length ? this.children[0].children[0] : null; } };
      Object.defineProperty(e, "textContent", { get() { return this.text || ""; }, set(v) { this.text = v; this.children = []; } });
      return e;
    }
    global.document = { getElementById: (id) => elements[id] || (elements[id] = element(id)), createElement: element,
      createTextNode: (text) => ({ text }), addEventListener() {} };
    eval(fs.readFileSync(indexFile, "utf8"));
    eval(fs.readFileSync(scriptFile, "utf8"));
    elements.search.value = query;
    elements.search.listeners.input();
    console.log(JSON.stringify(elements["search-results"].children.map((li) =>
      li.children.length ? [li.children[0].href, li.children[0].text, kindText(li.children[0].children[0])]
        .concat(li.children[0].children[0].children.filter((c) => c.className).map((c) => c.className)) : [li.text])));
    // The kind line: plain text, or a method badge then the path (shown side by side).
    function kindText(kind) { return kind.text || kind.children.map((c) => c.text).join(" "); }
    """

    func search(_ query: String, in output: URL) throws -> String {
        let harness = output.appendingPathComponent("harness.js")
        try Data(Self.harness.utf8).write(to: harness)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.node ?? "/usr/bin/node")
        process.arguments = [harness.path, output.appendingPathComponent("search-index.js").path,
                             output.appendingPathComponent("assets/portal.js").path, query]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(.enabled(if: node != nil))
    func findsOperationsPagesAndModelsFromDisk() throws {
        try withTempDirectory { output in
            try PortalGenerator().render(input: SampleBuildTests.sample, output: output)
            #expect(try search("add book", in: output) == #"[["api-books.html#createbook","Add a book","POST /books","method method-post"]]"#)
            #expect(try search("webhooks", in: output) == #"[["guide-guides-advanced-webhooks.html","Webhooks","Guide"]]"#)
            #expect(try search("cardpay", in: output) == #"[["models.html#cardpayment","CardPayment","Model"]]"#)
            #expect(try search("zzz", in: output) == #"[["No matches"]]"#)
        }
    }
}
