import Foundation

/// A temp folder holding a copy of the bundled example, a preview path and a state dir.
public struct TestWorkspace: Sendable {
    public let root: URL

    public init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portald-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: PortaldProcess.packageRoot.appendingPathComponent("examples/petstore"), to: project)
    }

    public var project: URL { root.appendingPathComponent("petstore") }
    public var preview: URL { root.appendingPathComponent("portal") }
    public var state: URL { root.appendingPathComponent("state") }

    /// The arguments every generate test shares: the example, the preview, a private state dir.
    public func generateArguments(_ extra: [String] = []) -> [String] {
        ["generate", project.path, "--preview", preview.path, "--state-dir", state.path] + extra
    }

    /// Every file under the preview, with its bytes: to prove a failure left it untouched.
    public func previewContents() -> [String: Data] {
        var contents: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: preview, includingPropertiesForKeys: nil) else { return contents }
        for case let url as URL in walker {
            if let data = FileManager.default.contents(atPath: url.path) {
                contents[String(url.path.dropFirst(preview.path.count))] = data
            }
        }
        return contents
    }

    /// Names in the workspace root: nothing but what the test made, the preview and state.
    public func rootListing() -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [])
    }

    public func remove() { try? FileManager.default.removeItem(at: root) }
}
