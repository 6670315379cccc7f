import Foundation
import PortaldTestSupport
import Testing

/// `portald generate` against `portald emulate` and against the embedded built-in service.
@Suite struct GenerateHappyPathTests {
    static let key = "e2e-secret-key-7f3a9c"

    @Test func generatesIntoPreviewThroughTheEmulator() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let emulator = try EmulatorProcess(["--renderer", "echo"])
        let result = try await PortaldProcess.run(workspace.generateArguments(["--generator", emulator.url, "--json"]),
                                            environment: ["APIMATIC_API_KEY": Self.key])
        #expect(result.status == 0, "\(result.output)")
        let index = try String(contentsOf: workspace.preview.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("<html") || index.contains("<!DOCTYPE"))
        // The portal carries the submitted build input, so the upload really went through.
        let uploaded = FileManager.default.contents(atPath: workspace.preview.appendingPathComponent("src/APIMATIC-BUILD.json").path)
        #expect(uploaded == FileManager.default.contents(atPath: workspace.project.appendingPathComponent("APIMATIC-BUILD.json").path))
        #expect(result.events(named: "submitted").count == 1)
        let live = try #require(result.events(named: "live").first)
        #expect(live["generation"] as? Int == 1)
        #expect((live["ms"] as? [String: Any])?["total"] is Int)
        #expect(!result.output.contains(Self.key))
        // Nothing left beside the preview but the preview and the state dir.
        #expect(workspace.rootListing() == ["petstore", "portal", "state"])
    }

    @Test func builtInGeneratorNeedsNoKey() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let result = try await PortaldProcess.run(workspace.generateArguments(["--json"]))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.events(named: "ready").first?["generator"] as? String == "builtin")
        #expect(FileManager.default.fileExists(atPath: workspace.preview.appendingPathComponent("index.html").path))
    }

    @Test func secondGenerationReplacesTheFirstAndKeepsTheZip() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let guide = workspace.project.appendingPathComponent("content/guides/extra.md")
        try "first version".write(to: guide, atomically: true, encoding: .utf8)
        let emulator = try EmulatorProcess(["--renderer", "echo"])
        let echo = ["--generator", emulator.url]
        let key = ["APIMATIC_API_KEY": Self.key]
        #expect(try await PortaldProcess.run(workspace.generateArguments(echo), environment: key).status == 0)
        try "second version".write(to: guide, atomically: true, encoding: .utf8)
        let zip = workspace.root.appendingPathComponent("kept.zip")
        let result = try await PortaldProcess.run(workspace.generateArguments(echo + ["--zip", zip.path]), environment: key)
        #expect(result.status == 0, "\(result.output)")
        let copied = try String(contentsOf: workspace.preview.appendingPathComponent("src/content/guides/extra.md"), encoding: .utf8)
        #expect(copied == "second version")
        #expect(FileManager.default.fileExists(atPath: zip.path))
        #expect(workspace.rootListing() == ["petstore", "portal", "state", "kept.zip"])
    }

    @Test func callbackModeCompletesWithoutPolling() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let emulator = try EmulatorProcess(["--latency", "300"])
        // Below the ephemeral range (32768-60999), where no port-0 listener or client socket lands.
        let port = Int.random(in: 20000...32000)
        let result = try await PortaldProcess.run(workspace.generateArguments([
            "--generator", emulator.url, "--json",
            "--callback-listen", "127.0.0.1:\(port)", "--callback-url", "http://127.0.0.1:\(port)",
        ]), environment: ["APIMATIC_API_KEY": Self.key])
        #expect(result.status == 0, "\(result.output)")
        // In callback mode the only status poll is the slow fallback (30 s): a wait far below
        // it means the callback, not a poll, completed the job (with the callback lost, the
        // same run waits the full 30 s; checked by hand with --fault callback=lost).
        let live = try #require(result.events(named: "live").first)
        let wait = try #require((live["ms"] as? [String: Any])?["wait"] as? Int)
        #expect(wait < 15_000, "waited \(wait) ms: the callback did not complete the job")
        #expect(result.events(named: "status").isEmpty)
    }

    @Test func helpAndVersion() async throws {
        let help = try await PortaldProcess.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("portald generate"))
        let generateHelp = try await PortaldProcess.run(["generate", "--help"])
        #expect(generateHelp.status == 0 && generateHelp.stdout.contains("--auth-key-file"))
        #expect(try await PortaldProcess.run(["--version"]).stdout.hasPrefix("portald "))
        let bad = try await PortaldProcess.run(["generate", "--bogus"])
        #expect(bad.status == 2 && bad.stderr.contains("--bogus"))
    }
}
