import Archive
import BuildInput
import BuiltinGenerator
import Foundation

// portald-bench: the pipeline's stages as separate commands, so scripts/bench can time each one
// against the tool a user would otherwise use (zip, unzip, xxhsum). Not part of the product.
let usage = """
usage: portald-bench render BUILD_DIR [--runs N]   render in-process N times; prints median/min/max ms
       portald-bench genbuild DIR --operations N [--guides G]   write a generated build directory
       portald-bench hash BUILD_DIR                 snapshot + XXH3-128 content hash (as portald does per build)
       portald-bench pack BUILD_DIR ZIP             snapshot + deterministic zip (portald's Packer)
       portald-bench extract ZIP DIR                safe extraction (portald's Extractor) into existing DIR
"""

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("portald-bench: \(message)\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name) else { return value }
    guard index + 1 < arguments.count, let number = Int(arguments[index + 1]), number > 0 else { fail("\(name) needs a positive number") }
    arguments.removeSubrange(index...(index + 1))
    return number
}

do {
    guard let command = arguments.first else { fail(usage) }
    arguments.removeFirst()
    switch command {
    case "render":
        let runs = option("--runs", default: 20)
        guard arguments.count == 1 else { fail(usage) }
        let timing = try RenderTiming.measure(input: URL(fileURLWithPath: arguments[0]), runs: runs)
        print(timing.line)
    case "genbuild":
        let operations = option("--operations", default: 1000)
        let guides = option("--guides", default: 3)
        guard arguments.count == 1 else { fail(usage) }
        try GeneratedBuild(operations: operations, guides: guides).write(to: URL(fileURLWithPath: arguments[0]))
    case "hash":
        guard arguments.count == 1 else { fail(usage) }
        let snapshot = try Snapshot.scan(BuildDirectory(root: URL(fileURLWithPath: arguments[0])), ignore: IgnoreRules())
        print("\(snapshot.contentHash)  \(snapshot.files.count) files")
    case "pack":
        guard arguments.count == 2 else { fail(usage) }
        let snapshot = try Snapshot.scan(BuildDirectory(root: URL(fileURLWithPath: arguments[0])), ignore: IgnoreRules())
        try Packer.pack(snapshot, buildFileOverride: nil, to: URL(fileURLWithPath: arguments[1]))
    case "extract":
        guard arguments.count == 2 else { fail(usage) }
        let summary = try Extractor.extract(zipAt: arguments[0], into: arguments[1])
        print("\(summary.files) files, \(summary.bytes) bytes")
    default:
        fail(usage)
    }
} catch {
    FileHandle.standardError.write(Data("portald-bench: \(error)\n".utf8))
    exit(1)
}
