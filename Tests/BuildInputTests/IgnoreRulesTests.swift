import Testing
@testable import BuildInput

@Suite struct IgnoreRulesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let path: String
        let isDirectory: Bool
        let ignored: Bool
        var testDescription: String { "\(path)\(isDirectory ? "/" : "") -> \(ignored)" }
        init(_ path: String, dir: Bool = false, _ ignored: Bool) {
            self.path = path
            self.isDirectory = dir
            self.ignored = ignored
        }
    }

    static let builtinCases: [Case] = [
        Case("content/.guide.md.swp", true), Case("content/guide.md.swx", true), Case("a.swo", true),
        Case("content/4913", true), Case("content/49130", false), Case("content/guide.md~", true),
        Case("spec/openapi.yaml___jb_tmp___", true), Case("x___jb_old___", true), Case("x___jb_bak___", true),
        Case("content/#guide.md#", true), Case("content/.#guide.md", true), Case("#notclosed", false),
        Case(".goutputstream-ABC123", true), Case("static/.DS_Store", true), Case("Thumbs.db", true),
        Case("desktop.ini", true), Case(".git", dir: true, true), Case(".git", true), Case(".git/index.lock", true),
        Case(".hg", dir: true, true), Case(".svn", dir: true, true), Case(".idea", dir: true, true),
        Case(".vscode", dir: true, true), Case("a/node_modules", dir: true, true), Case("a/node_modules/x/y.js", true),
        Case(".vscode", false),  // a file named like a tool folder is content
        Case(".portaldignore", true),
        Case("APIMATIC-BUILD.json", false), Case("content/guides/getting-started.md", false),
        Case("spec/openapi.yaml", false), Case("static/images/logo.svg", false), Case(".gitignore", false),
    ]

    @Test(arguments: builtinCases)
    func builtins(_ example: Case) {
        #expect(IgnoreRules().isIgnored(example.path, isDirectory: example.isDirectory) == example.ignored)
    }

    static let userFile = """
        # comments and blank lines are skipped

        *.log
        !keep.log
        /drafts
        build/
        docs/*.tmp
        **/cache/**
        content/**/private.md
        a?c.txt
        [abc]x.md
        [!0-9]y.md
        \\#literal
        \\!bang
        trailing\\ 
        spaced   
        """

    static let userCases: [Case] = [
        Case("debug.log", true), Case("deep/er/debug.log", true), Case("keep.log", false), Case("sub/keep.log", false),
        Case("drafts", dir: true, true), Case("drafts/a.md", true), Case("content/drafts", dir: true, false),
        Case("build", dir: true, true), Case("x/build", dir: true, true), Case("build", false),
        Case("docs/a.tmp", true), Case("docs/sub/a.tmp", false), Case("other/docs/a.tmp", false),
        Case("cache/x", true), Case("a/cache/b/c", true), Case("cache", dir: true, false),
        Case("content/private.md", true), Case("content/a/b/private.md", true), Case("private.md", false),
        Case("abc.txt", true), Case("ac.txt", false), Case("a/c.txt", false),
        Case("bx.md", true), Case("dx.md", false), Case("ay.md", true), Case("5y.md", false),
        Case("#literal", true), Case("!bang", true), Case("trailing ", true), Case("spaced", true),
        Case("spec/openapi.yaml", false),
    ]

    @Test(arguments: userCases)
    func gitignoreSyntax(_ example: Case) {
        let rules = IgnoreRules(gitignore: Self.userFile)
        #expect(rules.isIgnored(example.path, isDirectory: example.isDirectory) == example.ignored)
    }

    @Test func negationCannotReincludeInsideAnIgnoredDirectory() {
        let rules = IgnoreRules(gitignore: "private/\n!private/public.md\n", builtins: false)
        #expect(rules.isIgnored("private/public.md", isDirectory: false))
        let reinclude = IgnoreRules(gitignore: "private/*\n!private/public.md\n", builtins: false)
        #expect(!reinclude.isIgnored("private/public.md", isDirectory: false))
        #expect(reinclude.isIgnored("private/secret.md", isDirectory: false))
    }

    @Test func userRulesCanReincludeABuiltin() {
        let rules = IgnoreRules(gitignore: "!4913\n")
        #expect(!rules.isIgnored("4913", isDirectory: false))
        #expect(!IgnoreRules(gitignore: "", builtins: false).isIgnored("a.swp", isDirectory: false))
    }

    @Test func pathSpellingsAreNormalized() {
        let rules = IgnoreRules(gitignore: "/drafts\n")
        #expect(rules.isIgnored("./drafts", isDirectory: true))
        #expect(rules.isIgnored("/drafts/", isDirectory: true))
        #expect(!rules.isIgnored("", isDirectory: true))
    }

    @Test func crlfFilesWork() {
        let rules = IgnoreRules(gitignore: "*.bak\r\n/out\r\n", builtins: false)
        #expect(rules.isIgnored("x.bak", isDirectory: false))
        #expect(rules.isIgnored("out", isDirectory: true))
    }
}
