import Diagnostics

/// Every problem found in the build input, keyed the way APIMatic reports validation errors:
/// by file or field ("APIMATIC-BUILD.json", "spec/openapi.yaml", "content/toc.yml").
public struct GeneratorFailure: UserFacingError, Error, Sendable, CustomStringConvertible {
    public var errors: [String: [String]]

    public init(errors: [String: [String]]) { self.errors = errors }

    public var kind: String { "validation" }

    public var message: String {
        let count = errors.values.reduce(0) { $0 + $1.count }
        let files = errors.keys.sorted().joined(separator: ", ")
        return "The built-in generator found \(count) problem\(count == 1 ? "" : "s") in the build input (\(files)). "
            + "Fix them and save again; the last good portal stays in the preview."
    }

    public var details: [String] {
        errors.keys.sorted().flatMap { key in errors[key, default: []].map { "\(key): \($0)" } }
    }
}

/// Collects problems while rendering continues, so the user sees all of them at once.
final class Problems {
    private(set) var errors: [String: [String]] = [:]

    var isEmpty: Bool { errors.isEmpty }

    func add(_ key: String, _ message: String) {
        errors[key, default: []].append(message)
    }

    func throwIfAny() throws(GeneratorFailure) {
        if !errors.isEmpty { throw GeneratorFailure(errors: errors) }
    }
}
