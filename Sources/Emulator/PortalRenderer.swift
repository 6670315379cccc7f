import Foundation
import HTMLEscaping

public protocol PortalRenderer: Sendable {
    /// Renders the portal for the build directory at `input` into the empty directory `output`.
    /// Throws RenderFailure with field -> messages on invalid input (becomes ValidationError).
    func render(input: URL, output: URL) throws
}

/// Invalid build input: each field (a file path or setting) with its messages.
public struct RenderFailure: Error, Sendable, Equatable {
    public var errors: [String: [String]]
    public init(errors: [String: [String]]) { self.errors = errors }
}

/// A renderer for tests and debugging (`portald emulate --renderer echo`): index.html lists
/// every submitted file (escaped) and each file is echoed under `src/`, so a client can check
/// exactly what it uploaded. Validates that APIMATIC-BUILD.json is a JSON object.
public struct EchoRenderer: PortalRenderer {
    public init() {}

    public func render(input: URL, output: URL) throws {
        let buildFile = input.appendingPathComponent("APIMATIC-BUILD.json")
        guard let data = FileManager.default.contents(atPath: buildFile.path) else {
            throw RenderFailure(errors: ["APIMATIC-BUILD.json": ["The build file is missing from the root of the build directory."]])
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw RenderFailure(errors: ["APIMATIC-BUILD.json": ["The build file is not valid JSON: \(error.localizedDescription)"]])
        }
        guard let settings = parsed as? [String: Any] else {
            throw RenderFailure(errors: ["APIMATIC-BUILD.json": ["The build file must hold a JSON object."]])
        }

        let files = try relativeFiles(under: input)
        let source = output.appendingPathComponent("src")
        for file in files {
            let target = source.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: input.appendingPathComponent(file), to: target)
        }

        let portal = settings["generatePortal"] as? [String: Any]
        let title = portal?["pageTitle"] as? String ?? "API Portal"
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<title>\(HTML.escape(title))</title>\n</head>\n<body>\n<h1>\(HTML.escape(title))</h1>\n"
        html += "<p>Placeholder portal: the submitted build input.</p>\n<ul>\n"
        for file in files {
            html += "<li><a href=\"src/\(HTML.escape(percentEncodePath(file)))\">\(HTML.escape(file))</a></li>\n"
        }
        html += "</ul>\n</body>\n</html>\n"
        try Data(html.utf8).write(to: output.appendingPathComponent("index.html"))
    }
}

/// Regular files under `root`, as sorted `/`-separated relative paths.
func relativeFiles(under root: URL) throws -> [String] {
    var files: [String] = []
    func walk(_ directory: URL, prefix: String) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
            let url = directory.appendingPathComponent(name)
            let path = prefix.isEmpty ? name : prefix + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                try walk(url, prefix: path)
            } else {
                files.append(path)
            }
        }
    }
    try walk(root, prefix: "")
    return files.sorted()
}


private func percentEncodePath(_ path: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "?#;")
    return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
}
