/// A parsed JSON or YAML node. Object keys keep their source order (the order in which
/// paths, properties and responses are shown) and objects remember where they started so
/// problems found later (a bad $ref, a toc entry naming a missing file) can name a line.
enum Value: Sendable {
    case null
    case bool(Bool)
    /// The number's source text, so `200` stays "200" when used as a response code.
    case number(String)
    case string(String)
    case array([Value])
    case object(ObjectValue)

    subscript(key: String) -> Value? {
        if case .object(let object) = self { return object.values[key] }
        return nil
    }

    var object: ObjectValue? {
        if case .object(let object) = self { return object }
        return nil
    }

    var array: [Value]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// Scalars as text (numbers and booleans too), which is how YAML authors often write them.
    var text: String? {
        switch self {
        case .string(let text), .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    var bool: Bool? {
        switch self {
        case .bool(let flag): return flag
        case .string(let text): return text == "true" ? true : (text == "false" ? false : nil)
        default: return nil
        }
    }

    /// Compact single-line rendering, for enum values, defaults and examples.
    var inlineText: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return text
        case .array(let items): return "[" + items.map { $0.jsonText }.joined(separator: ", ") + "]"
        case .object: return jsonText
        }
    }

    /// Indented JSON for examples shown to readers.
    func prettyJSON(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .array(let items) where !items.isEmpty:
            return "[\n" + items.map { inner + $0.prettyJSON(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let object) where !object.keys.isEmpty:
            return "{\n" + object.entries.map { inner + JSONText.quote($0.key) + ": " + $0.value.prettyJSON(indent: inner) }
                .joined(separator: ",\n") + "\n" + indent + "}"
        default:
            return jsonText
        }
    }

    /// JSON text of the value (keys in source order).
    var jsonText: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return JSONText.quote(text)
        case .array(let items): return "[" + items.map { $0.jsonText }.joined(separator: ",") + "]"
        case .object(let object):
            return "{" + object.keys.map { JSONText.quote($0) + ":" + (object.values[$0]?.jsonText ?? "null") }
                .joined(separator: ",") + "}"
        }
    }
}

struct ObjectValue: Sendable {
    private(set) var keys: [String] = []
    private(set) var values: [String: Value] = [:]
    /// 1-based source position of the object (0 when unknown).
    var line = 0
    var column = 0

    init(line: Int = 0, column: Int = 0) {
        self.line = line
        self.column = column
    }

    /// Later duplicates win, as in most JSON/YAML readers; the first position is kept.
    mutating func set(_ key: String, _ value: Value) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
    }

    subscript(key: String) -> Value? { values[key] }

    /// Entries in source order.
    var entries: [(key: String, value: Value)] {
        keys.compactMap { key in values[key].map { (key, $0) } }
    }

    var location: String { line > 0 ? "line \(line), column \(column)" : "" }
}

enum JSONText {
    /// `scriptSafe` also escapes `<` (and U+2028/2029), for JSON that is loaded as a script.
    static func quote(_ text: String, scriptSafe: Bool = false) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // U+2028/2029 end a line in older JS engines; '<' keeps "</script>" out of inlined data.
            case "\u{2028}" where scriptSafe: out += "\\u2028"
            case "\u{2029}" where scriptSafe: out += "\\u2029"
            case "<" where scriptSafe: out += "\\u003c"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
