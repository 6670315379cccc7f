import Foundation
import Testing
@testable import Preview

/// The injected script run for real (Node, with a minimal DOM and EventSource stand-in):
/// reload on a moved generation, overlay with escaped text, dismiss, reconnect after the
/// browser gives up. Skipped where no `node` is installed.
@Suite("Injected script behaviour")
struct InjectedScriptTests {
    static let node: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { "\($0)/node" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: node != nil, "needs node"))
    func scriptReloadsShowsErrorsAndReconnects() throws {
        let snippet = String(decoding: LiveReloadScript.snippet(generation: 5), as: UTF8.self)
        let open = try #require(snippet.range(of: "data-generation=\"5\">"))
        let close = try #require(snippet.range(of: "</script>", range: open.upperBound..<snippet.endIndex))
        let script = String(snippet[open.upperBound..<close.lowerBound])
        #expect(!script.contains("innerHTML"))

        let program = Self.harness + "\nfunction RUN_AGAIN(){\n" + script + "\n}\n" + script + "\n" + Self.scenario
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("portald-script-\(UUID().uuidString).js")
        try Data(program.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.node!)
        process.arguments = [file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.hasPrefix("ALL "), "\(text)")
    }

    static let harness = #"""
// Minimal DOM + EventSource stand-ins, enough to run the injected script.
const log = [];
function element(tag) {
  return { tag, children: [], style: {}, attributes: {}, className: '', id: '', textContent: '', parentNode: null,
    appendChild(c) { c.parentNode = this; this.children.push(c); return c; },
    removeChild(c) { this.children = this.children.filter(x => x !== c); c.parentNode = null; },
    setAttribute(k, v) { this.attributes[k] = v; } };
}
const docListeners = {};
global.document = { body: element('body'), createElement: element,
  addEventListener(n, f) { docListeners[n] = f; } };
global.window = global;
const sources = [];
global.EventSource = class { constructor(url) { this.url = url; this.readyState = 0; this.listeners = {}; sources.push(this); }
  addEventListener(n, f) { (this.listeners[n] = this.listeners[n] || []).push(f); }
  emit(n, e) { (this.listeners[n] || []).forEach(f => f(e)); }
  close() { this.readyState = 2; log.push('close'); } };
EventSource.CLOSED = 2;
const timers = [];
global.setTimeout = (f, ms) => { timers.push([f, ms]); };
global.location = { reload() { log.push('reload'); } };
function find(node, pred) { if (pred(node)) return node; for (const c of node.children) { const r = find(c, pred); if (r) return r; } return null; }
function text(node) { return node.textContent + node.children.map(text).join(''); }
"""#

    static let scenario = #"""
const checks = [];
function check(name, ok) { checks.push([name, !!ok]); }
check('one stream', sources.length === 1 && sources[0].url === '/__portald/events');
const s = sources[0];
s.emit('hello', { data: '{"generation":5}' });
check('same generation: no reload', log.length === 0);
s.emit('building', { data: '{"generation":6}' });
const badge = find(document.body, n => n.id === '__portald_badge');
check('building badge', badge && badge.textContent.indexOf('building generation 6') >= 0);
s.emit('error', { data: JSON.stringify({ message: '<img src=x onerror=alert(1)>', details: ['d1', '<b>d2</b>'], report: '/__portald/report' }) });
const overlay = find(document.body, n => n.id === '__portald_error');
check('overlay shown', overlay);
check('badge gone', !find(document.body, n => n.id === '__portald_badge'));
check('message as text', overlay && text(overlay).indexOf('<img src=x onerror=alert(1)>') >= 0);
check('every detail', overlay && find(overlay, n => n.tag === 'ul').children.map(li => li.textContent).join('|') === 'd1|<b>d2</b>');
check('report link', overlay && find(overlay, n => n.tag === 'a').href === '/__portald/report');
find(overlay, n => n.tag === 'button').onclick();
check('dismissed', !find(document.body, n => n.id === '__portald_error'));
s.emit('error', { data: '{"message":"again","details":[]}' });
docListeners.keydown({ key: 'Escape' });
check('escape dismisses', !find(document.body, n => n.id === '__portald_error'));
s.readyState = 0; s.emit('error', {});
check('browser retries by itself', timers.length === 0 && sources.length === 1);
s.readyState = 2; s.emit('error', {});
check('gave up: reconnect scheduled', timers.length === 1 && timers[0][1] === 1000);
timers.shift()[0]();
check('reconnected', sources.length === 2);
sources[1].emit('hello', { data: '{"generation":9}' });
check('generation moved while away: reload', log.filter(x => x === 'reload').length === 1);
sources[1].emit('reload', { data: '{"generation":10}' });
check('reload event reloads', log.filter(x => x === 'reload').length === 2);
RUN_AGAIN();
check('second copy of the script is inert', sources.length === 2);
const failed = checks.filter(c => !c[1]).map(c => c[0]);
console.log(failed.length ? 'FAILED: ' + failed.join(', ') : 'ALL ' + checks.length + ' PASSED');
process.exit(failed.length ? 1 : 0);
"""#
}
