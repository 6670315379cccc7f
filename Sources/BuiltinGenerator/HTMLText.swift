/// Id slugs for headings; escaping is `HTML.escape` from HTMLEscaping.
enum Slug {
    /// GitHub-like: lowercase letters and digits kept, `-`/`_` kept, spaces become `-`,
    /// everything else dropped; empty input gives "section".
    static func make(_ text: String) -> String {
        var out = ""
        var lastDash = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "_" {
                out.append(character)
                lastDash = false
            } else if character == "-" || character == " " || character == "/" || character == "." || character == "\t" {
                if !lastDash && !out.isEmpty { out.append("-"); lastDash = true }
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "section" : out
    }
}

/// Hands out unique slugs within one namespace (a page's headings, a site's file names).
struct SlugSet {
    private var used: [String: Int] = [:]

    mutating func unique(_ base: String) -> String {
        guard let count = used[base] else {
            used[base] = 1
            return base
        }
        var next = count
        var candidate = "\(base)-\(next)"
        while used[candidate] != nil {
            next += 1
            candidate = "\(base)-\(next)"
        }
        used[base] = next + 1
        used[candidate] = 1
        return candidate
    }
}
