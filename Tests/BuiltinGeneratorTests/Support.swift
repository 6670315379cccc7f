import Foundation
@testable import BuiltinGenerator

/// A private temp directory per test, removed at the end.
func withTempDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("builtin-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

/// Writes `files` (build-relative path -> text) under `root`.
func writeFiles(_ files: [String: String], in root: URL) throws {
    for (path, text) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}

func read(_ url: URL) -> String {
    (try? String(contentsOf: url, encoding: .utf8)) ?? ""
}

let minimalBuildFile = """
{"generatePortal": {"pageTitle": "Test Portal", "navTitle": "Test", "languageConfig": {"http": {}}}}
"""

/// Renders a build directory made of `files` and hands the output folder to `check`.
func render(_ files: [String: String], _ check: (URL) throws -> Void) throws {
    try withTempDirectory { root in
        let input = root.appendingPathComponent("build")
        let output = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        var all = files
        if all["APIMATIC-BUILD.json"] == nil { all["APIMATIC-BUILD.json"] = minimalBuildFile }
        try writeFiles(all, in: input)
        try PortalGenerator().render(input: input, output: output)
        try check(output)
    }
}

/// Renders and returns the failure (or nil if rendering succeeded).
func failure(_ files: [String: String]) throws -> GeneratorFailure? {
    var caught: GeneratorFailure?
    try withTempDirectory { root in
        let input = root.appendingPathComponent("build")
        let output = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        var all = files
        if all["APIMATIC-BUILD.json"] == nil { all["APIMATIC-BUILD.json"] = minimalBuildFile }
        try writeFiles(all, in: input)
        do {
            try PortalGenerator().render(input: input, output: output)
        } catch let error as GeneratorFailure {
            caught = error
        }
    }
    return caught
}

/// The part of `html` from the element with `id` to the end of its `<section>`.
func section(_ id: String, in html: String) -> String {
    guard let start = html.range(of: "<section class=\"operation\" id=\"\(id)\"") ??
            html.range(of: "<section class=\"model\" id=\"\(id)\"") else { return "" }
    let rest = html[start.lowerBound...]
    guard let end = rest.range(of: "</section>") else { return String(rest) }
    return String(rest[..<end.upperBound])
}

/// The `<main>` content of a page.
func mainContent(_ html: String) -> String {
    guard let start = html.range(of: "<main class=\"content\">"), let end = html.range(of: "</main>") else { return "" }
    return String(html[start.upperBound..<end.lowerBound])
}

/// Every local href/src target of every HTML file under `root` that does not exist
/// (anchors checked against ids in the target page).
func brokenLinks(in root: URL) -> [String] {
    var broken: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: root.path)
    var pages: [String] = []
    while let path = enumerator?.nextObject() as? String {
        if path.hasSuffix(".html") { pages.append(path) }
    }
    var idsCache: [String: Set<String>] = [:]
    func ids(_ page: URL) -> Set<String> {
        if let cached = idsCache[page.path] { return cached }
        let html = read(page)
        var found: Set<String> = []
        var rest = html[...]
        while let range = rest.range(of: " id=\"") {
            let after = rest[range.upperBound...]
            guard let close = after.firstIndex(of: "\"") else { break }
            found.insert(String(after[..<close]))
            rest = after[close...]
        }
        idsCache[page.path] = found
        return found
    }
    for page in pages {
        let pageURL = root.appendingPathComponent(page)
        let html = read(pageURL)
        for attribute in [" href=\"", " src=\""] {
            var rest = html[...]
            while let range = rest.range(of: attribute) {
                let after = rest[range.upperBound...]
                guard let close = after.firstIndex(of: "\"") else { break }
                let link = String(after[..<close]).replacingOccurrences(of: "&amp;", with: "&")
                rest = after[close...]
                if link.contains("://") || link.hasPrefix("mailto:") || link.hasPrefix("data:") { continue }
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let file = String(parts[0])
                let target = file.isEmpty ? pageURL : pageURL.deletingLastPathComponent()
                    .appendingPathComponent(file.removingPercentEncoding ?? file).standardized
                if !FileManager.default.fileExists(atPath: target.path) {
                    broken.append("\(page): \(link)")
                } else if parts.count == 2, !parts[1].isEmpty, target.pathExtension == "html", !ids(target).contains(String(parts[1])) {
                    broken.append("\(page): \(link) (no such anchor)")
                }
            }
        }
    }
    return broken
}
