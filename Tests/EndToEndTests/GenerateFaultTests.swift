import Foundation
import PortaldTestSupport
import Testing

/// Every fault the emulator can inject: exit 1, a message that says what and where, the
/// previous preview untouched, nothing left beside it, the key never printed.
@Suite struct GenerateFaultTests {
    static let key = "e2e-secret-key-51be02"

    struct Case: CustomTestStringConvertible, Sendable {
        let fault: String
        let expected: [String]
        var testDescription: String { fault }
    }

    static let cases: [Case] = [
        Case(fault: "submit-400", expected: ["400"]),
        Case(fault: "submit-401", expected: ["401", "APIMATIC_API_KEY", "--auth-key-file"]),
        Case(fault: "submit-402", expected: ["402"]),
        Case(fault: "submit-403", expected: ["403"]),
        Case(fault: "submit-500", expected: ["500"]),
        Case(fault: "submit-nonjson", expected: ["500"]),
        Case(fault: "submit-empty", expected: ["500"]),
        Case(fault: "status-nonjson", expected: ["job"]),
        Case(fault: "fail=validation", expected: ["ValidationError"]),
        Case(fault: "fail=validationfailure", expected: ["ValidationFailure"]),
        Case(fault: "fail=subscription", expected: ["SubscriptionError"]),
        Case(fault: "fail=subscriptionfailure", expected: ["SubscriptionFailure"]),
        Case(fault: "fail=failed", expected: ["Failed"]),
        Case(fault: "download-422", expected: ["report"]),
        Case(fault: "zip=slip", expected: ["../escape.txt", "previous preview is kept"]),
        Case(fault: "zip=absolute", expected: ["/tmp/abs.txt", "previous preview is kept"]),
        Case(fault: "zip=symlink", expected: ["symbolic link", "previous preview is kept"]),
        Case(fault: "zip=bomb", expected: ["previous preview is kept"]),
        Case(fault: "zip=truncated", expected: ["previous preview is kept"]),
        Case(fault: "zip=notzip", expected: ["previous preview is kept"]),
    ]

    @Test(arguments: cases)
    func faultLeavesPreviewUntouched(_ testCase: Case) async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        #expect(try await PortaldProcess.run(workspace.generateArguments()).status == 0)
        let before = workspace.previewContents()
        #expect(!before.isEmpty)

        let emulator = try EmulatorProcess(["--fault", testCase.fault])
        let result = try await PortaldProcess.run(workspace.generateArguments(["--generator", emulator.url, "--poll-cap", "50"]),
                                            environment: ["APIMATIC_API_KEY": Self.key])
        #expect(result.status == 1, "\(result.output)")
        for fragment in testCase.expected {
            #expect(result.stderr.contains(fragment), "missing '\(fragment)' in: \(result.stderr)")
        }
        #expect(!result.output.contains(Self.key))
        #expect(workspace.previewContents() == before)
        #expect(workspace.rootListing() == ["petstore", "portal", "state"])
        #expect(!FileManager.default.fileExists(atPath: "/tmp/abs.txt") || testCase.fault != "zip=absolute")
    }

    @Test(arguments: ["submit-503=1", "status-5xx=2", "status-unknown"])
    func transientFaultsAreRetried(_ fault: String) async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let emulator = try EmulatorProcess(["--fault", fault])
        let result = try await PortaldProcess.run(workspace.generateArguments(["--generator", emulator.url, "--poll-cap", "50"]),
                                            environment: ["APIMATIC_API_KEY": Self.key])
        #expect(result.status == 0, "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: workspace.preview.appendingPathComponent("index.html").path))
    }

    @Test func connectionRefusedNamesTheURL() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let result = try await PortaldProcess.run(workspace.generateArguments(["--generator", "http://127.0.0.1:9"]),
                                            environment: ["APIMATIC_API_KEY": Self.key])
        #expect(result.status == 1)
        #expect(result.stderr.contains("127.0.0.1:9"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: workspace.preview.path))
    }

    @Test func timeoutNamesTheJobAndTheOption() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let emulator = try EmulatorProcess(["--latency", "30000"])
        let result = try await PortaldProcess.run(workspace.generateArguments(["--generator", emulator.url, "--timeout", "1", "--poll-cap", "100"]),
                                            environment: ["APIMATIC_API_KEY": Self.key])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--timeout"), "\(result.stderr)")
    }

    @Test func wrongKeyFromFileIsRejectedWithoutPrintingIt() async throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let emulator = try EmulatorProcess(["--key", "the-right-key"])
        let keyFile = workspace.root.appendingPathComponent("key")
        try Self.key.write(to: keyFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
        let result = try await PortaldProcess.run(workspace.generateArguments(["--generator", emulator.url, "--auth-key-file", keyFile.path]))
        #expect(result.status == 1)
        #expect(result.stderr.contains("401"))
        #expect(!result.output.contains(Self.key))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile.path)
        let loose = try await PortaldProcess.run(workspace.generateArguments(["--generator", emulator.url, "--auth-key-file", keyFile.path]))
        #expect(loose.status == 2)
        #expect(loose.stderr.contains("chmod 600"), "\(loose.stderr)")
    }
}
