import Foundation

/// One parsed file of the spec folder.
struct SpecDocument: Sendable {
    enum Kind: Sendable { case openAPI3, swagger2, fragment }
    /// Build-root relative path, the key for problems ("spec/openapi.yaml").
    let path: String
    let value: Value
    let kind: Kind
}

/// All spec files of one portal version; roots are the OpenAPI/Swagger definitions, the rest
/// are fragments that roots may `$ref`.
struct SpecSet: Sendable {
    var documents: [String: SpecDocument] = [:]
    var roots: [String] = []
    var isEmpty: Bool { roots.isEmpty }
}

enum SpecLoader {
    static let extensions: Set<String> = ["json", "yaml", "yml"]

    static func load(root: URL, version: BuildSettings.Version, problems: Problems) -> SpecSet {
        let folder = root.appendingPathComponent(version.specPath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else {
            if version.specPathExplicit {
                problems.add(BuildSettings.fileName, "apiSpecPath \"\(version.specPath)\" does not exist in the build directory.")
            }
            return SpecSet()
        }
        var set = SpecSet()
        let files = isDirectory.boolValue ? specFiles(in: folder, relativeTo: version.specPath) : [version.specPath]
        for path in files {
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else {
                problems.add(path, "could not be read; check its permissions.")
                continue
            }
            guard let value = parse(Array(data), path: path, problems: problems) else { continue }
            let kind = classify(value, path: path, problems: problems)
            set.documents[path] = SpecDocument(path: path, value: value, kind: kind)
            if kind != .fragment { set.roots.append(path) }
        }
        set.roots.sort()
        if set.roots.isEmpty, !files.isEmpty, problems.errors.keys.allSatisfy({ !files.contains($0) }) {
            problems.add(version.specPath, "holds no OpenAPI 3.x or Swagger 2.0 definition (a file with an `openapi: 3.x` or `swagger: \"2.0\"` field).")
        }
        return set
    }

    /// Sorted build-relative paths of spec files, skipping APIMATIC-META.json and hidden files.
    private static func specFiles(in folder: URL, relativeTo base: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            guard name != "APIMATIC-META.json", extensions.contains((name as NSString).pathExtension.lowercased()) else { continue }
            paths.append(BuildPath.join(base, relative))
        }
        return paths.sorted()
    }

    static func parse(_ bytes: [UInt8], path: String, problems: Problems) -> Value? {
        do {
            if path.lowercased().hasSuffix(".json") {
                do {
                    return try JSONParser.parse(bytes)
                } catch {
                    problems.add(path, "\(error.text) (invalid JSON).")
                    return nil
                }
            }
            return try YAMLParser.parse(bytes)
        } catch {
            problems.add(path, "\(error.text) (invalid YAML).")
            return nil
        }
    }

    private static func classify(_ value: Value, path: String, problems: Problems) -> SpecDocument.Kind {
        guard let object = value.object else { return .fragment }
        if let version = object["openapi"]?.text {
            guard version.hasPrefix("3.") else {
                problems.add(path, "openapi version \"\(version)\" is not supported; the built-in generator reads OpenAPI 3.0/3.1 and Swagger 2.0.")
                return .fragment
            }
            checkShape(object, path: path, problems: problems)
            return .openAPI3
        }
        if let version = object["swagger"]?.text {
            guard version.hasPrefix("2") else {
                problems.add(path, "swagger version \"\(version)\" is not supported; use \"2.0\" or OpenAPI 3.")
                return .fragment
            }
            checkShape(object, path: path, problems: problems)
            return .swagger2
        }
        return .fragment
    }

    private static func checkShape(_ object: ObjectValue, path: String, problems: Problems) {
        if let paths = object["paths"], paths.object == nil {
            problems.add(path, "`paths` must be a mapping of URL paths to operations (\(object.location)).")
        }
        if let info = object["info"], info.object == nil {
            problems.add(path, "`info` must be a mapping with title and version.")
        }
    }
}
