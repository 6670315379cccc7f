/// The client-side search data: page titles, operations and models. Written twice: as JSON
/// (for tools) and as a script assigning the same array, which works from file:// where
/// fetch() is blocked.
struct SearchIndex {
    struct Entry {
        let title: String
        let url: String
        let kind: String
        let detail: String
    }

    private(set) var entries: [Entry] = []

    mutating func add(title: String, url: String, kind: String, detail: String = "") {
        entries.append(Entry(title: title, url: url, kind: kind, detail: detail))
    }

    var json: String {
        var out = "["
        out.reserveCapacity(entries.count * 96)
        for (index, entry) in entries.enumerated() {
            if index > 0 { out += ",\n" }
            out += "{\"title\":\(JSONText.quote(entry.title, scriptSafe: true)),\"url\":\(JSONText.quote(entry.url, scriptSafe: true)),"
            out += "\"kind\":\(JSONText.quote(entry.kind, scriptSafe: true)),\"detail\":\(JSONText.quote(entry.detail, scriptSafe: true))}"
        }
        return out + "]\n"
    }

    var script: String { "window.PORTALD_SEARCH = " + json.dropLast() + ";\n" }
}
