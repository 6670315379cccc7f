import Foundation

/// Theme colours from the build file, accepted only when they are plain CSS colour syntax.
enum ThemeColors {
    /// Finds the first colour under any of `names` (case-insensitive), depth-first.
    static func find(in value: Value, names: Set<String>, depth: Int = 0) -> String? {
        guard depth < 5, let object = value.object else { return nil }
        for (key, child) in object.entries where names.contains(key.lowercased()) {
            if let color = color(child) { return color }
        }
        for (_, child) in object.entries {
            if let found = find(in: child, names: names, depth: depth + 1) { return found }
        }
        return nil
    }

    private static func color(_ value: Value) -> String? {
        if let text = value.text { return isSafeCSSColor(text) ? text : nil }
        if let object = value.object {
            for key in ["light", "default", "value", "main"] {
                if let text = object[key]?.text, isSafeCSSColor(text) { return text }
            }
        }
        return nil
    }

    /// Only colour syntax goes into the stylesheet, never arbitrary CSS.
    static func isSafeCSSColor(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 40 else { return false }
        if trimmed.hasPrefix("#") {
            let hex = trimmed.dropFirst()
            return [3, 4, 6, 8].contains(hex.count) && hex.allSatisfy { $0.isHexDigit }
        }
        for function in ["rgb(", "rgba(", "hsl(", "hsla("] where trimmed.lowercased().hasPrefix(function) && trimmed.hasSuffix(")") {
            return trimmed.dropFirst(function.count).dropLast().allSatisfy { $0.isNumber || " ,.%/".contains($0) || $0 == "d" || $0 == "e" || $0 == "g" }
        }
        return trimmed.allSatisfy { $0.isASCII && $0.isLetter }
    }
}
