import Foundation

/// Resolves `$ref`s between the spec folder's documents: local (`#/components/schemas/Pet`),
/// other files (`common.yaml#/Pet`, `./pet.json`), relative to the referring file. Every
/// lookup is cached, so rendering never walks the same pointer twice.
final class RefResolver {
    struct Target {
        let document: String
        /// The JSON pointer inside `document`, "" for the whole file.
        let pointer: String
        let value: Value
        /// "spec/openapi.yaml#/components/schemas/Pet": identifies the target for cycle checks.
        var id: String { document + "#" + pointer }
    }

    enum Failure: Error {
        case missingFile(String)
        case missingPointer(document: String, pointer: String)
        case loop
    }

    private let documents: [String: SpecDocument]
    private var cache: [String: Result<Target, Failure>] = [:]
    private var rawCache: [String: Result<Target, Failure>] = [:]

    init(documents: [String: SpecDocument]) { self.documents = documents }

    /// One hop: the node the reference names (which may itself be a `$ref`).
    func lookup(_ ref: String, from document: String) -> Result<Target, Failure> {
        // Specs repeat the same few refs thousands of times: one dictionary hit each.
        let rawKey = document + "\u{0}" + ref
        if let cached = rawCache[rawKey] { return cached }
        let result = uncachedLookup(ref, from: document)
        rawCache[rawKey] = result
        return result
    }

    private func uncachedLookup(_ ref: String, from document: String) -> Result<Target, Failure> {
        let hash = ref.firstIndex(of: "#")
        let filePart = hash.map { String(ref[..<$0]) } ?? ref
        let fragment = hash.map { String(ref[ref.index(after: $0)...]) } ?? ""
        let targetDocument: String
        if filePart.isEmpty {
            targetDocument = document
        } else {
            let decoded = filePart.contains("%") ? (filePart.removingPercentEncoding ?? filePart) : filePart
            guard let joined = BuildPath.normalize(BuildPath.directory(of: document) + "/" + decoded) else {
                return .failure(.missingFile(filePart))
            }
            targetDocument = joined
        }
        let pointer = fragment.contains("%") ? (fragment.removingPercentEncoding ?? fragment) : fragment
        let key = targetDocument + "#" + pointer
        if let cached = cache[key] { return cached }
        let result = walk(document: targetDocument, pointer: pointer)
        cache[key] = result
        return result
    }

    /// Follows `$ref` chains to a node that is not itself a bare reference.
    func resolve(_ ref: String, from document: String) -> Result<Target, Failure> {
        var current = lookup(ref, from: document)
        var hops = 0
        while case .success(let target) = current, let next = target.value["$ref"]?.text {
            hops += 1
            if hops > 32 { return .failure(.loop) }
            current = lookup(next, from: target.document)
        }
        return current
    }

    private func walk(document: String, pointer: String) -> Result<Target, Failure> {
        guard let root = documents[document]?.value else { return .failure(.missingFile(document)) }
        var node = root
        if !pointer.isEmpty {
            guard pointer.hasPrefix("/") else { return .failure(.missingPointer(document: document, pointer: pointer)) }
            for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
                let token = raw.contains("~")
                    ? raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") : String(raw)
                if let child = node[token] {
                    node = child
                } else if let items = node.array, let index = Int(token), items.indices.contains(index) {
                    node = items[index]
                } else {
                    return .failure(.missingPointer(document: document, pointer: pointer))
                }
            }
        }
        return .success(Target(document: document, pointer: pointer, value: node))
    }

    /// Checks every `$ref` in every document once, reporting each unresolved one with the
    /// JSON pointer (and line) of the node that holds it. Examples and `x-` extensions are
    /// free-form data and are skipped.
    func validateAll(problems: Problems) {
        for path in documents.keys.sorted() {
            guard let document = documents[path] else { continue }
            var stack: [String] = []
            validate(document.value, document: path, stack: &stack, problems: problems)
        }
    }

    private func validate(_ value: Value, document: String, stack: inout [String], problems: Problems) {
        switch value {
        case .object(let object):
            if let ref = object["$ref"]?.text, case .failure(let failure) = resolve(ref, from: document) {
                let pointer = "#/" + stack.map(Self.escapePointerToken).joined(separator: "/")
                let at = object.location.isEmpty ? "" : "\(object.location): "
                problems.add(document, "\(at)unresolved $ref \"\(ref)\" at \(pointer): \(Self.explain(failure)).")
            }
            // Under `properties` every key is a property name, even "example" or "x-id".
            let inProperties = stack.last == "properties"
            for (key, child) in object.entries where key != "$ref" && (inProperties || (key != "example" && !key.hasPrefix("x-"))) {
                stack.append(key)
                validate(child, document: document, stack: &stack, problems: problems)
                stack.removeLast()
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                stack.append(String(index))
                validate(item, document: document, stack: &stack, problems: problems)
                stack.removeLast()
            }
        default:
            break
        }
    }

    static func escapePointerToken(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func explain(_ failure: Failure) -> String {
        switch failure {
        case .missingFile(let file): return "the file \(file) is not in the spec folder"
        case .missingPointer(let document, let pointer): return "\(document) has nothing at \(pointer.isEmpty ? "/" : pointer)"
        case .loop: return "the reference chain loops back on itself"
        }
    }
}
