import BuiltinGenerator
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Renders one build directory `runs` times, each into a fresh empty folder (created and
/// removed outside the timed part). Keeps wall time and the process's CPU time per run: on a
/// shared machine the CPU time still shows the work, where wall time also shows the neighbours.
struct RenderTiming {
    let wall: [Double]
    let cpu: [Double]
    let files: Int

    static func measure(input: URL, runs: Int) throws -> RenderTiming {
        let clock = ContinuousClock()
        var wall: [Double] = []
        var cpu: [Double] = []
        var files = 0
        for _ in 0..<runs {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("portald-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: output) }
            let cpuStart = processCPUMilliseconds()
            let elapsed = try clock.measure { try PortalGenerator().render(input: input, output: output) }
            cpu.append(processCPUMilliseconds() - cpuStart)
            wall.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            files = FileManager.default.enumerator(atPath: output.path)?.allObjects.count ?? 0
        }
        return RenderTiming(wall: wall.sorted(), cpu: cpu.sorted(), files: files)
    }

    private static func processCPUMilliseconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) * 1000 + Double(now.tv_nsec) / 1e6
    }

    private static func median(_ sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// One line for scripts: `wall_median wall_min wall_max cpu_median runs output_entries` (ms).
    var line: String {
        String(format: "%.2f %.2f %.2f %.2f %d %d", Self.median(wall), wall.first ?? 0, wall.last ?? 0,
               Self.median(cpu), wall.count, files)
    }
}
