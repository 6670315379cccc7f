import Diagnostics

/// Why a build directory cannot be watched at all.
public struct WatcherError: UserFacingError, Equatable {
    public let kind = "watch"
    public let message: String

    static func rootMissing(_ path: String) -> WatcherError {
        WatcherError(message: "The build directory \(path) does not exist, so it cannot be watched. "
            + "Check the path (or create the directory) and run `portald watch` again.")
    }

    static func rootNotDirectory(_ path: String) -> WatcherError {
        WatcherError(message: "\(path) is not a directory, so it cannot be watched as a build directory. "
            + "Pass the directory that contains APIMATIC-BUILD.json.")
    }
}

/// The texts of `WatchEvent.warning` and `.rescan`, kept together so they stay consistent.
enum WatcherMessages {
    static func watchLimit(root: String, watches: Int, limit: Int?, interval: Duration) -> String {
        let limitText = limit.map { " = \($0)" } ?? ""
        return "The inotify watch limit (fs.inotify.max_user_watches\(limitText)) was reached after "
            + "\(watches) directories while watching \(root). Falling back to polling every "
            + "\(describe(interval)), which is slower and uses more CPU. To raise the limit now run "
            + "`sudo sysctl fs.inotify.max_user_watches=524288`; to keep it after a reboot run "
            + "`echo fs.inotify.max_user_watches=524288 | sudo tee /etc/sysctl.d/90-inotify-watches.conf` "
            + "then `sudo sysctl --system`, and restart portald."
    }

    static func instanceLimit(root: String, interval: Duration) -> String {
        "No inotify instance could be created for \(root) (fs.inotify.max_user_instances is exhausted). "
            + "Falling back to polling every \(describe(interval)). Close other file watchers or run "
            + "`sudo sysctl fs.inotify.max_user_instances=512`, then restart portald."
    }

    static func inotifyUnavailable(root: String, detail: String, interval: Duration) -> String {
        "inotify could not be started for \(root) (\(detail)). Falling back to polling every "
            + "\(describe(interval))."
    }

    static func rootRemoved(_ root: String) -> String {
        "The build directory \(root) was removed or moved away; portald keeps waiting for it to reappear."
    }

    static let overflow = "the inotify event queue overflowed (too many changes at once)"
    static let switchedToPolling = "switched to polling after the inotify watch limit was reached"
    static func rootRecreated(_ root: String) -> String { "the build directory \(root) was recreated" }

    private static func describe(_ interval: Duration) -> String {
        let (seconds, attoseconds) = interval.components
        if attoseconds == 0 { return "\(seconds) s" }
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }
}
