import Foundation
import PortaldTestSupport
import Testing

/// Bad build input and bad surroundings: a clear error naming the file, exit 1, nothing written.
@Suite struct GenerateBadInputTests {
    @Test func missingBuildFileNamesWhereItLooked() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let empty = workspace.root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let result = try await PortaldProcess.run(["generate", empty.path, "--preview", workspace.preview.path, "--state-dir", workspace.state.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains(empty.appendingPathComponent("APIMATIC-BUILD.json").path), "\(result.stderr)")
        #expect(result.stderr.contains(empty.appendingPathComponent("src").path))
        #expect(!FileManager.default.fileExists(atPath: workspace.preview.path))
    }

    @Test func invalidBuildFileGivesLineAndColumn() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let buildFile = workspace.project.appendingPathComponent("APIMATIC-BUILD.json")
        try "{\n  \"buildFileVersion\": \"1\",\n  \"generatePortal\": {,\n}\n".write(to: buildFile, atomically: true, encoding: .utf8)
        let original = try Data(contentsOf: buildFile)
        let result = try await PortaldProcess.run(workspace.generateArguments(["--json"]))
        #expect(result.status == 1)
        let failed = try #require(result.events(named: "failed").first)
        let message = (failed["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains(buildFile.path), "\(message)")
        #expect(message.contains("APIMATIC-BUILD.json:3:"), "\(message)")
        #expect(try Data(contentsOf: buildFile) == original)
    }

    @Test func srcLayoutIsFoundAndPreviewGoesBesideSrc() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let project = workspace.root.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: workspace.project, to: project.appendingPathComponent("src"))
        let result = try await PortaldProcess.run(["generate", project.path, "--state-dir", workspace.state.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent("portal/index.html").path))
    }

    @Test func unwritablePreviewParentIsAClearError() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        // A regular file where the preview's parent folder should be: no permission trick, so it holds as root too.
        let blocker = workspace.root.appendingPathComponent("blocker")
        try Data("x".utf8).write(to: blocker)
        let result = try await PortaldProcess.run(["generate", workspace.project.path, "--preview", blocker.appendingPathComponent("portal").path,
                                             "--state-dir", workspace.state.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains(blocker.path), "\(result.stderr)")
    }

    /// A full disk under the preview: the extraction fails with the errno text, nothing half-written stays.
    @Test(.enabled(if: getuid() == 0, "needs root to mount a tiny tmpfs"))
    func diskFullUnderThePreviewIsAClearError() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let small = workspace.root.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
        // Root can mount here (CI runs as root on the same kind of machine): a failed mount
        // fails the test rather than letting it pass without checking anything.
        try #require(try PortaldProcess.shell("mount -t tmpfs -o size=48k tmpfs '\(small.path)'") == 0, "cannot mount a tmpfs")
        defer { _ = try? PortaldProcess.shell("umount '\(small.path)'") }
        let preview = small.appendingPathComponent("portal")
        let result = try await PortaldProcess.run(["generate", workspace.project.path, "--preview", preview.path,
                                             "--state-dir", workspace.state.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("No space left on device"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: small.path).isEmpty)
    }
}
