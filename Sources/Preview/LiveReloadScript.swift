/// The live-reload snippet put into every served HTML page: an EventSource on
/// `/__portald/events`, the generation the page was served with, and the error overlay.
enum LiveReloadScript {
    /// Marks the snippet in pages (tests and curious authors look for it).
    static let marker = "__portald_live"

    /// `<style>` + `<script>` for a page of `generation`.
    static func snippet(generation: Int) -> [UInt8] {
        Array("<style id=\"__portald_style\">\(style)</style><script id=\"\(marker)\" data-generation=\"\(generation)\">(function(){var served=\(generation);\(script)})();</script>".utf8)
    }

    /// Inserts the snippet before the last `</body` (any case), or appends it when the page
    /// has none (browsers put trailing content into the body anyway).
    static func inject(into page: [UInt8], generation: Int) -> [UInt8] {
        let snippet = snippet(generation: generation)
        guard let position = lastBodyClose(in: page) else { return page + snippet }
        var result = page
        result.insert(contentsOf: snippet, at: position)
        return result
    }

    private static func lastBodyClose(in page: [UInt8]) -> Int? {
        let needle = Array("</body".utf8)
        guard page.count >= needle.count else { return nil }
        var index = page.count - needle.count
        while index >= 0 {
            var matches = true
            for offset in 0..<needle.count {
                var byte = page[index + offset]
                if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
                if byte != needle[offset] { matches = false; break }
            }
            if matches { return index }
            index -= 1
        }
        return nil
    }

    private static let style = """
    #__portald_error{position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,24,.72);\
    display:flex;align-items:flex-start;justify-content:center;overflow:auto;\
    font:14px/1.5 system-ui,-apple-system,Segoe UI,sans-serif}\
    #__portald_error .box{position:relative;margin:8vh 16px;max-width:760px;width:100%;\
    background:#fff;color:#1d1d1f;border-top:6px solid #d93025;border-radius:8px;\
    padding:20px 24px;box-shadow:0 12px 40px rgba(0,0,0,.35)}\
    #__portald_error h2{margin:0 0 8px;font-size:18px;color:#b3261e}\
    #__portald_error p{margin:8px 0;white-space:pre-wrap}\
    #__portald_error ul{margin:8px 0;padding-left:20px;font-family:ui-monospace,Menlo,monospace;\
    font-size:13px;white-space:pre-wrap;word-break:break-word}\
    #__portald_error .note{color:#555;font-size:13px}\
    #__portald_error a{color:#1a57d6}\
    #__portald_error button{position:absolute;top:8px;right:12px;border:0;background:none;\
    font-size:24px;line-height:1;cursor:pointer;color:#555}\
    #__portald_badge{position:fixed;right:12px;bottom:12px;z-index:2147483646;\
    background:#1d1d1f;color:#fff;padding:6px 10px;border-radius:6px;\
    font:12px/1.4 system-ui,sans-serif;opacity:.85}
    """

    // Plain ES5 so any browser runs it. `served` is defined by the wrapper above.
    // Text goes in with textContent only, so messages and details are always escaped.
    // An SSE event named "error" and a connection error share one listener: only the former
    // has string data. After a connection error EventSource retries by itself, but some
    // browsers give up (readyState CLOSED) when the daemon is down for a while: then the
    // script reconnects itself with backoff, and `hello` reloads if the generation moved.
    private static let script = """
    if(window.__portaldLive)return;window.__portaldLive=true;\
    var source=null,delay=1000,overlay=null,badge=null;\
    function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;\
    if(text!=null)e.textContent=String(text);return e;}\
    function hideOverlay(){if(overlay){overlay.parentNode&&overlay.parentNode.removeChild(overlay);overlay=null;}}\
    function setBadge(text){if(!text){if(badge){badge.parentNode&&badge.parentNode.removeChild(badge);badge=null;}return;}\
    if(!badge){badge=el('div');badge.id='__portald_badge';document.body.appendChild(badge);}badge.textContent=text;}\
    function showError(e){hideOverlay();setBadge(null);overlay=el('div');overlay.id='__portald_error';\
    overlay.setAttribute('role','alertdialog');var box=el('div','box');\
    var close=el('button','','\\u00d7');close.title='Dismiss';close.setAttribute('aria-label','Dismiss');\
    close.onclick=hideOverlay;box.appendChild(close);\
    box.appendChild(el('h2','','portald: the portal could not be generated'));\
    box.appendChild(el('p','',e.message||''));\
    if(e.details&&e.details.length){var ul=el('ul');for(var i=0;i<e.details.length;i++)ul.appendChild(el('li','',e.details[i]));box.appendChild(ul);}\
    if(e.report){var a=el('a','','Open the build report');a.href=e.report;a.target='_blank';a.rel='noopener';box.appendChild(a);}\
    box.appendChild(el('p','note','Still showing the last good portal. This page reloads by itself once a new portal is live.'));\
    overlay.appendChild(box);document.body.appendChild(overlay);}\
    document.addEventListener('keydown',function(k){if(k.key==='Escape')hideOverlay();});\
    function data(m){try{return JSON.parse(m.data);}catch(x){return {};}}\
    function connect(){source=new EventSource('/__portald/events');\
    source.addEventListener('hello',function(m){delay=1000;if(data(m).generation!==served)location.reload();});\
    source.addEventListener('building',function(m){setBadge('portald: building generation '+data(m).generation+'\\u2026');});\
    source.addEventListener('reload',function(){location.reload();});\
    source.addEventListener('error',function(m){\
    if(typeof m.data==='string'){showError(data(m));return;}\
    if(source.readyState===2){source.close();setTimeout(connect,delay);delay=Math.min(delay*2,10000);}});}\
    if(document.body)connect();else document.addEventListener('DOMContentLoaded',connect);
    """
}
