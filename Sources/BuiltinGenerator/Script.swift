/// The one script: search over window.PORTALD_SEARCH. Results are built with textContent,
/// so titles from the spec can never become markup. Navigation itself needs no script.
enum Script {
    static let source = """
    (function () {
      var data = window.PORTALD_SEARCH || [];
      var input = document.getElementById("search");
      var list = document.getElementById("search-results");
      if (!input || !list) { return; }
      function show() {
        var query = input.value.trim().toLowerCase();
        list.textContent = "";
        if (!query) { return; }
        var words = query.split(/\\s+/);
        var shown = 0;
        for (var i = 0; i < data.length && shown < 40; i++) {
          var entry = data[i];
          var haystack = (entry.title + " " + entry.detail).toLowerCase();
          var all = true;
          for (var w = 0; w < words.length; w++) { if (haystack.indexOf(words[w]) < 0) { all = false; break; } }
          if (!all) { continue; }
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = entry.url;
          link.textContent = entry.title;
          var kind = document.createElement("span");
          kind.className = "search-kind";
          var detail = entry.detail || entry.kind;
          if (entry.kind === "operation" && detail.indexOf(" ") > 0) {
            var method = detail.slice(0, detail.indexOf(" "));
            var badge = document.createElement("span");
            badge.className = "method method-" + method.toLowerCase();
            badge.textContent = method;
            kind.appendChild(badge);
            detail = detail.slice(method.length + 1);
          }
          kind.appendChild(document.createTextNode(detail));
          link.appendChild(kind);
          item.appendChild(link);
          list.appendChild(item);
          shown++;
        }
        if (shown === 0) {
          var none = document.createElement("li");
          none.className = "search-none";
          none.textContent = "No matches";
          list.appendChild(none);
        }
      }
      input.addEventListener("input", show);
      // "/" anywhere outside a text field jumps to the search box, as on most documentation sites.
      document.addEventListener("keydown", function (event) {
        var target = event.target;
        var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
        if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
          event.preventDefault();
          input.focus();
        }
      });
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          var first = list.querySelector("a");
          if (first) { window.location.href = first.href; }
        } else if (event.key === "Escape") {
          input.value = ""; show();
        }
      });
    })();

    """
}
