import Testing
@testable import Archive

/// The policy on headers zips cannot carry through libarchive's writer (hard links, devices,
/// non-UTF-8 names): built directly as RawEntry values.
@Suite struct EntryPolicyTests {
    private func entry(_ path: String?, _ kind: RawKind = .file, target: String? = nil) -> RawEntry {
        RawEntry(path: path, displayPath: path ?? "bad\u{FFFD}name", kind: kind, linkTarget: target, declaredSize: nil)
    }

    private func rule(_ raw: RawEntry, policy: inout EntryPolicy) -> ArchiveError.Rule? {
        do { _ = try policy.admit(raw); return nil } catch { return error.rule }
    }

    @Test func rejectsLinksAndSpecialFiles() {
        var policy = EntryPolicy(archivePath: "/x.zip")
        #expect(rule(entry("h", .hardlink, target: "/etc/passwd"), policy: &policy) == .hardlink)
        #expect(rule(entry("s", .symlink, target: "/"), policy: &policy) == .symlink)
        #expect(rule(entry("dev", .other), policy: &policy) == .specialFile)
    }

    @Test func rejectsBadNames() {
        var policy = EntryPolicy(archivePath: "/x.zip")
        #expect(rule(entry(nil), policy: &policy) == .badPathSyntax)
        #expect(rule(entry(""), policy: &policy) == .badPathSyntax)
        #expect(rule(entry("a\\b"), policy: &policy) == .badPathSyntax)
        #expect(rule(entry("a\nb"), policy: &policy) == .badPathSyntax)
        #expect(rule(entry(String(repeating: "x", count: 256)), policy: &policy) == .badPathSyntax)
        #expect(rule(entry("/etc/passwd"), policy: &policy) == .absolutePath)
        #expect(rule(entry("a/.."), policy: &policy) == .parentReference)
        #expect(rule(entry("..", .directory), policy: &policy) == .parentReference)
    }

    @Test func normalizesAndTracksConflicts() throws {
        var policy = EntryPolicy(archivePath: "/x.zip")
        #expect(try policy.admit(entry("docs/", .directory)) == "docs")
        #expect(try policy.admit(entry("docs/a/b.html")) == "docs/a/b.html")
        #expect(try policy.admit(entry("docs/a/", .directory)) == "docs/a")
        #expect(rule(entry("docs/a/b.html/c"), policy: &policy) == .duplicateEntry)
        #expect(rule(entry("docs/a"), policy: &policy) == .duplicateEntry)
        #expect(rule(entry("docs/a/b.html", .directory), policy: &policy) == .duplicateEntry)
    }

    @Test func messageSaysWhatWhereAndConsequence() {
        var policy = EntryPolicy(archivePath: "/tmp/portal.zip")
        do {
            _ = try policy.admit(entry("../../etc/cron.d/x"))
            Issue.record("expected a rejection")
        } catch {
            #expect(error.kind == "unsafe-archive")
            #expect(error.message.contains("/tmp/portal.zip"))
            #expect(error.message.contains("'../../etc/cron.d/x'"))
            #expect(error.message.contains("'..' path component"))
            #expect(error.message.contains("previous preview is kept"))
        }
    }
}
