import Foundation
import Testing
@testable import PortaldCore

@Suite struct ArgumentsAndSettingsTests {
    let specs = [
        OptionSpec("preview", help: ""), OptionSpec("json", .switchFlag, help: ""),
        OptionSpec("fault", .repeated, help: ""), OptionSpec("poll-cap", help: ""),
        OptionSpec("generator", help: ""),
    ]

    @Test func bothFlagFormsAndPositionals() throws {
        let parsed = try ParsedArguments.parse(["dir", "--preview", "a", "--json", "--fault=x=1", "--fault", "y", "--", "--odd"],
                                               specs: specs, command: "generate")
        #expect(parsed.positionals == ["dir", "--odd"])
        #expect(parsed.last("preview") == "a")
        #expect(parsed.has("json"))
        #expect(parsed.all("fault") == ["x=1", "y"])
    }

    @Test(arguments: [
        (["--nope"], "'--nope'"), (["--preview"], "'--preview' needs a value"),
        (["--json=1"], "'--json' takes no value"), (["--preview", "a", "--preview=b"], "given twice"), (["-x"], "'-x'"),
    ])
    func usageErrorsNameTheFlag(_ arguments: [String], _ fragment: String) {
        #expect {
            _ = try ParsedArguments.parse(arguments, specs: specs, command: "generate")
        } throws: { error in
            (error as? UsageError)?.description.contains(fragment) == true
        }
    }

    @Test func precedenceIsFlagEnvProjectUserDefault() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let project = folder.appendingPathComponent("portald.json"), user = folder.appendingPathComponent("user.json")
        try Data(#"{"preview": "from-project", "poll-cap": 500, "json": true}"#.utf8).write(to: project)
        try Data(#"{"preview": "from-user", "generator": "builtin", "poll-cap": 900}"#.utf8).write(to: user)
        let parsed = try ParsedArguments.parse(["--preview", "from-flag"], specs: specs, command: "generate")
        let settings = try Settings(parsed: parsed, specs: specs, environment: ["PORTALD_POLL_CAP": "700"],
                                    projectFile: project, userFile: user)
        #expect(settings.string("preview") == "from-flag" && settings.source("preview") == .flag)
        #expect(settings.string("poll-cap") == "700" && settings.source("poll-cap") == .environment("PORTALD_POLL_CAP"))
        #expect(try settings.bool("json") && settings.source("json") == .projectFile(project.path))
        #expect(settings.string("generator") == "builtin" && settings.source("generator") == .userFile(user.path))
        #expect(settings.string("timeout") == nil)
    }

    @Test func badValuesSayWhereTheyCameFrom() throws {
        let parsed = try ParsedArguments.parse([], specs: specs, command: "generate")
        let settings = try Settings(parsed: parsed, specs: specs, environment: ["PORTALD_POLL_CAP": "soon"], projectFile: nil, userFile: nil)
        #expect {
            _ = try settings.integer("poll-cap", default: 3000, range: 10...600_000)
        } throws: { error in
            let text = "\(error)"
            return text.contains("'soon'") && text.contains("--poll-cap") && text.contains("PORTALD_POLL_CAP")
        }
    }

    @Test func jsonEventsCarryNameTimestampAndFields() throws {
        var ms = StageTimings()
        ms.total = 42
        let line = EventLine(event: .live(generation: 3, job: "j-1", ms: ms), timestamp: Date(timeIntervalSince1970: 1_800_000_000.125))
            .jsonLine()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["event"] as? String == "live")
        #expect(object["ts"] as? String == "2027-01-15T08:00:00.125Z")
        #expect(object["generation"] as? Int == 3)
        #expect((object["ms"] as? [String: Any])?["total"] as? Int == 42)
        #expect(!line.contains("\n"))
    }

    @Test func hostPortParsing() {
        #expect(HostPort.parse("127.0.0.1:80")! == ("127.0.0.1", 80))
        #expect(HostPort.parse("[::1]:0")! == ("::1", 0))
        #expect(HostPort.parse("nohost") == nil)
        #expect(HostPort.parse(":80") == nil)
    }
}

@Suite struct EventLineOrderTests {
    @Test func eventAndTimestampComeFirstThenSortedFields() {
        let line = EventLine(event: .downloaded(generation: 2, job: "j", bytes: 5), timestamp: Date(timeIntervalSince1970: 0)).jsonLine()
        #expect(line == #"{"event":"downloaded","ts":"1970-01-01T00:00:00.000Z","bytes":5,"generation":2,"job":"j"}"#)
        let bare = EventLine(event: .unchanged, timestamp: Date(timeIntervalSince1970: 0)).jsonLine()
        #expect(bare == #"{"event":"unchanged","ts":"1970-01-01T00:00:00.000Z"}"#)
    }
}
