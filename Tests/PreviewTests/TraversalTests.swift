import CSupport
import Foundation
import Glibc
import Testing
import Preview

@Suite("Preview never leaves its root")
struct TraversalTests {
    /// Every request-target spelling of "go up" we know, raw as sent on the wire.
    static let attacks: [String] = [
        "/../secret.txt", "/./../secret.txt", "/sub/../../secret.txt", "/..",
        "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt", "/%2e./secret.txt",
        "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/sub/..%2F..%2Fsecret.txt", "/sub/%2e%2e/%2e%2e/secret.txt",
        "/..\\secret.txt", "/%5c..%5csecret.txt", "/..%5csecret.txt", "/sub\\..\\..\\secret.txt",
        "/%00/../secret.txt", "/index.html%00", "/%00", "/secret.txt%00.html",
        "/%c0%ae%c0%ae/secret.txt", "/%c0%ae%c0%ae%c0%afsecret.txt", "/%e0%80%ae%e0%80%ae/secret.txt",
        "/%252e%252e/secret.txt", "//../secret.txt", "///..//secret.txt",
        "/link", "/link.txt", "/linkdir/secret.txt", "/linkdir/portal/index.html", "/sub/up/secret.txt",
        "http://127.0.0.1/../secret.txt", "*", "../secret.txt",
        "/%", "/%zz", "/%2",
    ]

    @Test func noSpellingOfDotDotReachesTheSecret() throws {
        let fixture = try PreviewFixture()
        try fixture.write("index.html", "<p>home</p>")
        try fixture.write("sub/page.html", "<p>page</p>")
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: fixture.root.appendingPathComponent("link").path, withDestinationPath: fixture.secretFile.path)
        try fm.createSymbolicLink(atPath: fixture.root.appendingPathComponent("link.txt").path, withDestinationPath: "../secret.txt")
        try fm.createSymbolicLink(atPath: fixture.root.appendingPathComponent("linkdir").path, withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: fixture.root.appendingPathComponent("sub/up").path, withDestinationPath: "../..")
        let server = try fixture.server()
        defer { server.stop() }

        var attacks = Self.attacks
        // The absolute path of the secret, as a request path.
        attacks.append(fixture.secretFile.path)
        attacks.append("/" + fixture.secretFile.path)
        for target in attacks {
            let reply = try send(server.port, "GET", target)
            #expect(reply.status == 400 || reply.status == 404, "\(target) -> \(reply.status)")
            #expect(!reply.text.contains(PreviewFixture.secret), "\(target) revealed the secret")
            #expect(!reply.text.contains("<p>home</p>"), "\(target) was served as the index")
        }
        // The tree itself still works.
        #expect(try send(server.port, "GET", "/sub/page.html").text.hasPrefix("<p>page</p>"))
    }

    @Test func symlinksInsideTheTreeAreNotFollowed() throws {
        let fixture = try PreviewFixture()
        try fixture.write("real.html", "<p>real</p>")
        try FileManager.default.createSymbolicLink(atPath: fixture.root.appendingPathComponent("alias.html").path, withDestinationPath: "real.html")
        try FileManager.default.createSymbolicLink(atPath: fixture.root.appendingPathComponent("etc").path, withDestinationPath: "/etc")
        let server = try fixture.server(liveReload: false)
        defer { server.stop() }
        #expect(try send(server.port, "GET", "/real.html").status == 200)
        #expect(try send(server.port, "GET", "/alias.html").status == 404)
        #expect(try send(server.port, "GET", "/etc/passwd").status == 404)
        #expect(try send(server.port, "GET", "/etc/hostname").status == 404)
    }

    @Test func aSymlinkedRootIsFollowedOnce() throws {
        // The swapper's fallback mode: the preview path is a symlink to a generation folder.
        let fixture = try PreviewFixture()
        let fm = FileManager.default
        try fm.removeItem(at: fixture.root)
        let generationA = fixture.base.appendingPathComponent(".portal.gen-a")
        let generationB = fixture.base.appendingPathComponent(".portal.gen-b")
        for (folder, text) in [(generationA, "A"), (generationB, "B")] {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("tree \(text)".utf8).write(to: folder.appendingPathComponent("index.html"))
        }
        try fm.createSymbolicLink(atPath: fixture.root.path, withDestinationPath: ".portal.gen-a")
        let server = try fixture.server(liveReload: false)
        defer { server.stop() }
        #expect(try send(server.port, "GET", "/").text == "tree A")
        let link = fixture.base.appendingPathComponent(".portal.link-x")
        try fm.createSymbolicLink(atPath: link.path, withDestinationPath: ".portal.gen-b")
        #expect(rename(link.path, fixture.root.path) == 0)
        #expect(try send(server.port, "GET", "/").text == "tree B")
        #expect(try send(server.port, "GET", "/../secret.txt").status == 400)
    }

    /// Both resolvers (openat2, and the openat walk used where openat2 is refused).
    @Test(arguments: [true, false])
    func resolverRefusesEscapesAndSymlinks(useWalk: Bool) throws {
        let fixture = try PreviewFixture()
        try fixture.write("sub/page.html", "page")
        try FileManager.default.createSymbolicLink(atPath: fixture.root.appendingPathComponent("up").path, withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: fixture.root.appendingPathComponent("sub/link").path, withDestinationPath: "page.html")
        let rootFD = open(fixture.root.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try #require(rootFD >= 0)
        defer { close(rootFD) }
        func opens(_ path: String) -> Bool {
            let fd = useWalk ? portald_open_beneath_walk(rootFD, path, O_RDONLY) : portald_open_beneath(rootFD, path, O_RDONLY)
            if fd >= 0 { close(fd) }
            return fd >= 0
        }
        #expect(opens("sub/page.html"))
        #expect(opens("sub"))
        for refused in ["../secret.txt", "sub/../../secret.txt", "up/secret.txt", "sub/link", "/etc/passwd", "", ".", "sub//page.html", "sub/./page.html"] {
            #expect(!opens(refused), "\(refused)")
        }
    }
}
