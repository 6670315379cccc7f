import Foundation
import Swapper
import Synchronization
import Testing
import Preview

@Suite("Requests during swaps")
struct SwapConsistencyTests {
    static let pageFiller = 64 << 10
    static let dataSize = 256 << 10

    /// Every file names its tree, so a body mixing two trees is detectable.
    static func fill(_ folder: URL, tree letter: Character) throws {
        let fm = FileManager.default
        let byte = letter.asciiValue!
        try fm.createDirectory(at: folder.appendingPathComponent("guide"), withIntermediateDirectories: true)
        try Data(("<html><body>TREE-\(letter)" + String(repeating: letter, count: pageFiller) + "</body></html>").utf8)
            .write(to: folder.appendingPathComponent("index.html"))
        try Data(repeating: byte, count: dataSize).write(to: folder.appendingPathComponent("data.bin"))
        try Data("GUIDE-\(letter)".utf8).write(to: folder.appendingPathComponent("guide/index.html"))
        try Data(("/* TREE-\(letter) */" + String(repeating: letter, count: 4096)).utf8).write(to: folder.appendingPathComponent("style.css"))
    }

    /// Which tree a reply came from, or why it is wrong.
    static func check(_ target: String, _ reply: Reply) -> Result<Character, Failure> {
        func fail(_ why: String) -> Result<Character, Failure> { .failure(Failure(text: "\(target): \(why)")) }
        if target == "/guide" {
            return reply.status == 302 && reply.header("location") == "/guide/" ? .success("-") : fail("status \(reply.status)")
        }
        guard reply.status == 200 else { return fail("status \(reply.status)") }
        switch target {
        case "/data.bin":
            guard reply.body.count == dataSize, let first = reply.body.first, first == 65 || first == 66,
                  reply.body.allSatisfy({ $0 == first })
            else { return fail("mixed or short body (\(reply.body.count) bytes)") }
            return .success(Character(UnicodeScalar(first)))
        default:
            let text = reply.text
            let fromA = text.contains("-A") && !text.contains("-B")
            let fromB = text.contains("-B") && !text.contains("-A")
            guard fromA != fromB else { return fail("names both trees or neither") }
            let letter: Character = fromA ? "A" : "B"
            if target == "/" && !text.contains(String(repeating: letter, count: pageFiller)) { return fail("page not whole") }
            if target == "/style.css" && !text.hasSuffix(String(repeating: letter, count: 4096)) { return fail("stylesheet not whole") }
            return .success(letter)
        }
    }

    struct Failure: Error { let text: String }

    @Test func twoHundredSwapsNeverShowAMissingOrMixedTree() throws {
        let fixture = try PreviewFixture()
        try FileManager.default.removeItem(at: fixture.root)
        let preview = PreviewDirectory(path: fixture.root)
        let initial = try preview.makeStaging()
        try Self.fill(initial, tree: "A")
        try preview.swap(in: initial)
        let server = try fixture.server()
        defer { server.stop() }

        let stop = Atomic<Bool>(false)
        let failures = Mutex<[String]>([])
        let seen = Mutex<[Character: Int]>([:])
        let group = DispatchGroup()
        let port = server.port
        for worker in 0..<4 {
            DispatchQueue.global().async(group: group) {
                let targets = ["/", "/data.bin", "/guide/", "/guide", "/style.css"]
                var index = worker
                while !stop.load(ordering: .relaxed) {
                    let target = targets[index % targets.count]
                    index += 1
                    do {
                        switch Self.check(target, try send(port, "GET", target)) {
                        case .success(let letter): seen.withLock { $0[letter, default: 0] += 1 }
                        case .failure(let failure): failures.withLock { $0.append(failure.text) }
                        }
                    } catch {
                        failures.withLock { $0.append("\(target): \(error)") }
                    }
                }
            }
        }
        var kinds: [SwapMethod] = []
        for round in 0..<200 {
            let staging = try preview.makeStaging()
            try Self.fill(staging, tree: round % 2 == 0 ? "B" : "A")
            kinds.append(try preview.swap(in: staging))
        }
        stop.store(true, ordering: .relaxed)
        group.wait()

        #expect(Set(kinds) == [.exchange])
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { Array($0.prefix(10)) })")
        let counts = seen.withLock { $0 }
        #expect(counts["A", default: 0] > 0 && counts["B", default: 0] > 0, "\(counts)")
    }
}
