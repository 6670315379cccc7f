import CYAML

/// libyaml's document API turned into a `Value` tree. The only file with libyaml pointers.
enum YAMLParser {
    struct Failure: Error, Sendable {
        let problem: String
        /// 1-based; 0 when libyaml gave no position.
        let line: Int
        let column: Int
        var text: String { line > 0 ? "line \(line), column \(column): \(problem)" : problem }
    }

    /// Parses the first document of the stream; an empty stream is `.null`.
    static func parse(_ bytes: [UInt8]) throws(Failure) -> Value {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw Failure(problem: "could not initialise the YAML parser (out of memory)", line: 0, column: 0)
        }
        defer { yaml_parser_delete(&parser) }
        var document = yaml_document_t()
        let loaded: Bool = bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return yaml_parser_load(&parser, &document) == 1
        }
        guard loaded else { throw failure(of: parser) }
        defer { yaml_document_delete(&document) }
        guard yaml_document_get_root_node(&document) != nil else { return .null }
        var builder = TreeBuilder(document: &document)
        let value = builder.value(at: 1)
        if let mark = builder.tooDeepAt {
            throw Failure(problem: "nesting deeper than \(TreeBuilder.maxDepth) levels", line: mark.line, column: mark.column)
        }
        return value
    }

    private static func failure(of parser: yaml_parser_t) -> Failure {
        var problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if let context = parser.context {
            let mark = parser.context_mark
            problem += " (\(String(cString: context)) at line \(mark.line + 1), column \(mark.column + 1))"
        }
        let mark = parser.problem_mark
        // Reader errors (bad encoding) report a byte offset rather than a line.
        if parser.error == YAML_READER_ERROR {
            return Failure(problem: problem + " at byte \(parser.problem_offset)", line: 0, column: 0)
        }
        return Failure(problem: problem, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    /// Converts node indices once each; aliases share the converted value, and an alias that
    /// points back into its own node (a cycle) becomes null instead of recursing forever.
    private struct TreeBuilder {
        let document: UnsafeMutablePointer<yaml_document_t>
        var converted: [Int32: Value] = [:]
        var inProgress: Set<Int32> = []
        /// Converting recurses per level; a hostile file must not exhaust a thread's stack.
        static let maxDepth = 512
        var tooDeepAt: (line: Int, column: Int)?

        init(document: UnsafeMutablePointer<yaml_document_t>) { self.document = document }

        mutating func value(at index: Int32) -> Value {
            if let done = converted[index] { return done }
            guard !inProgress.contains(index), let node = yaml_document_get_node(document, index) else { return .null }
            guard inProgress.count < Self.maxDepth else {
                if tooDeepAt == nil { tooDeepAt = (Int(node.pointee.start_mark.line) + 1, Int(node.pointee.start_mark.column) + 1) }
                return .null
            }
            inProgress.insert(index)
            defer { inProgress.remove(index) }
            let result: Value
            switch node.pointee.type {
            case YAML_SCALAR_NODE:
                result = scalar(node)
            case YAML_SEQUENCE_NODE:
                var items: [Value] = []
                var item = node.pointee.data.sequence.items.start
                while let current = item, current != node.pointee.data.sequence.items.top {
                    items.append(value(at: current.pointee))
                    item = current + 1
                }
                result = .array(items)
            case YAML_MAPPING_NODE:
                let mark = node.pointee.start_mark
                var object = ObjectValue(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
                var pair = node.pointee.data.mapping.pairs.start
                while let current = pair, current != node.pointee.data.mapping.pairs.top {
                    let key = value(at: current.pointee.key)
                    if case .string("<<") = key, case .object(let merged) = value(at: current.pointee.value) {
                        for (mergedKey, mergedValue) in merged.entries where object[mergedKey] == nil {
                            object.set(mergedKey, mergedValue)
                        }
                    } else {
                        object.set(key.text ?? key.jsonText, value(at: current.pointee.value))
                    }
                    pair = current + 1
                }
                result = .object(object)
            default:
                result = .null
            }
            converted[index] = result
            return result
        }

        private func scalar(_ node: UnsafeMutablePointer<yaml_node_t>) -> Value {
            let data = node.pointee.data.scalar
            let text = data.value.map {
                String(decoding: UnsafeRawBufferPointer(start: $0, count: data.length), as: UTF8.self)
            } ?? ""
            guard data.style == YAML_PLAIN_SCALAR_STYLE else { return .string(text) }
            return ScalarResolver.resolve(plain: text)
        }
    }
}

/// YAML 1.2 core-schema resolution of plain scalars (quoted scalars are always strings).
enum ScalarResolver {
    static func resolve(plain text: String) -> Value {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: return isNumber(text) ? .number(text) : .string(text)
        }
    }

    private static func isNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first else { return false }
        guard first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
            || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { return false }
        if [".inf", "-.inf", "+.inf", ".nan", ".NaN", ".Inf", "-.Inf"].contains(text) { return true }
        if text.hasPrefix("0x") || text.hasPrefix("0o") {
            return bytes.count > 2 && bytes.dropFirst(2).allSatisfy { isHexDigit($0) }
        }
        var index = 0
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        var digits = 0
        var seenDot = false
        var seenExponent = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else if byte == UInt8(ascii: "."), !seenDot, !seenExponent {
                seenDot = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E"), digits > 0, !seenExponent {
                seenExponent = true
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") || bytes[index + 1] == UInt8(ascii: "+") {
                    index += 1
                }
                guard index + 1 < bytes.count else { return false }
            } else {
                return false
            }
            index += 1
        }
        return digits > 0
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
}
