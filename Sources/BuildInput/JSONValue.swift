import Foundation

/// A parsed JSON value (Sendable, unlike JSONSerialization's `Any`).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Converts JSONSerialization output; nil for anything JSON can't hold.
    init?(foundation value: Any) {
        switch value {
        case is NSNull: self = .null
        case let string as String: self = .string(string)
        case let array as [Any]:
            var items: [JSONValue] = []
            for item in array {
                guard let converted = JSONValue(foundation: item) else { return nil }
                items.append(converted)
            }
            self = .array(items)
        case let dictionary as [String: Any]:
            var members: [String: JSONValue] = [:]
            for (key, item) in dictionary {
                guard let converted = JSONValue(foundation: item) else { return nil }
                members[key] = converted
            }
            self = .object(members)
        default:
            // JSON booleans come back as a distinct NSNumber subclass; numbers 0/1 must not become Bool.
            if let number = value as? NSNumber {
                if type(of: number) == type(of: NSNumber(value: true)) {
                    self = .bool(number.boolValue)
                } else {
                    self = .number(number.doubleValue)
                }
            } else {
                return nil
            }
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }
}
