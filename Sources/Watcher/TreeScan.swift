import Foundation

/// Directory walking shared by the inotify set-up and the polling fallback. Ignored entries
/// (by relative path) are skipped and ignored directories are never entered.
struct TreeScan {
    let root: String
    let isIgnored: @Sendable (String, Bool) -> Bool

    func absolute(_ relative: String) -> String {
        relative.isEmpty ? root : root + "/" + relative
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.isEmpty ? name : directory + "/" + name
    }

    /// The non-ignored entries directly inside `relative` (empty when it cannot be read).
    func children(of relative: String) -> [(path: String, isDirectory: Bool)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: absolute(relative)) else {
            return []
        }
        var result: [(path: String, isDirectory: Bool)] = []
        for name in names.sorted() {
            let path = TreeScan.join(relative, name)
            guard let info = FileStat(path: absolute(path)) else { continue }  // vanished meanwhile
            if isIgnored(path, info.isDirectory) { continue }
            result.append((path, info.isDirectory))
        }
        return result
    }

    /// Every non-ignored file and directory below the root with its stat, for polling.
    /// Empty when the root is missing.
    func snapshot() -> [String: FileStat] {
        var result: [String: FileStat] = [:]
        var pending = [""]
        while let directory = pending.popLast() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: absolute(directory)) else {
                continue
            }
            for name in names {
                let path = TreeScan.join(directory, name)
                guard let info = FileStat(path: absolute(path)) else { continue }
                if isIgnored(path, info.isDirectory) { continue }
                result[path] = info
                if info.isDirectory { pending.append(path) }
            }
        }
        return result
    }

    /// Paths whose entry appeared, disappeared or changed between two snapshots.
    static func difference(_ old: [String: FileStat], _ new: [String: FileStat]) -> Set<String> {
        var changed = Set<String>()
        for (path, info) in new where old[path] != info { changed.insert(path) }
        for path in old.keys where new[path] == nil { changed.insert(path) }
        return changed
    }

    var rootIsDirectory: Bool {
        FileStat(path: root)?.isDirectory ?? false
    }
}
