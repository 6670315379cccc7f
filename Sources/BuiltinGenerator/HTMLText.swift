/// Escaping and id slugs: every piece of user text reaches HTML through `escape`.
enum HTML {
    /// Escapes text for element content and double- or single-quoted attribute values.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

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
