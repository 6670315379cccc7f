/// What a session needs from the hub: watches are shared per inode across sessions, so the
/// hub reference-counts them.
protocol WatchRegistry: AnyObject {
    /// Ensures an inotify watch on an absolute directory path for this session.
    func acquireWatch(for session: WatchSession, path: String) throws(InotifyFailure) -> Int32
    /// Gives up the session's claim; `alive` is false when the kernel already dropped it.
    func releaseWatch(for session: WatchSession, wd: Int32, alive: Bool)
    /// Opens the inotify instance if needed; the failure when it cannot.
    func ensureInotify() -> InotifyFailure?
}

/// The state of one watched build directory. Lives on the hub thread only.
final class WatchSession {
    enum Mode { case inotify, polling, rootMissing }

    let id: UInt64
    let scan: TreeScan
    let options: WatcherOptions
    let continuation: AsyncStream<WatchEvent>.Continuation
    private(set) var mode: Mode = .inotify
    /// When the hub should call `tick()` next (polling, or waiting for the root to return).
    private(set) var deadline: ContinuousClock.Instant?

    private var pathByWatch: [Int32: String] = [:]
    private var watchByPath: [String: Int32] = [:]
    private var pending = Set<String>()
    private var started = false
    private var baseline: [String: FileStat] = [:]
    private unowned let registry: WatchRegistry

    init(id: UInt64, root: String, isIgnored: @escaping @Sendable (String, Bool) -> Bool,
         options: WatcherOptions, continuation: AsyncStream<WatchEvent>.Continuation,
         registry: WatchRegistry) {
        self.id = id
        self.scan = TreeScan(root: root, isIgnored: isIgnored)
        self.options = options
        self.continuation = continuation
        self.registry = registry
    }

    var watchCount: Int { watchByPath.count }
    var watchDescriptors: [Int32] { Array(pathByWatch.keys) }
    private var root: String { scan.root }

    // MARK: lifecycle

    func start() {
        if options.forcePolling {
            startPolling()
            started = true
            continuation.yield(.ready(watches: 0))
            return
        }
        if let failure = registry.ensureInotify() {
            continuation.yield(.warning(message(for: failure)))
            startPolling()
            continuation.yield(.ready(watches: 0))
            return
        }
        let watching = establish()
        started = true
        continuation.yield(.ready(watches: watching ? watchCount : 0))
    }

    /// Drops every watch; the hub finishes the stream.
    func stop() {
        releaseAll(rootAlive: true)
        continuation.finish()
    }

    // MARK: inotify events

    func handle(_ event: InotifyEvent) {
        guard mode == .inotify, let directory = pathByWatch[event.wd] else { return }
        if event.has(InotifyMask.ignored) {
            forget(wd: event.wd)
            if directory.isEmpty { rootLost(deleted: true) }
            return
        }
        if event.name.isEmpty {
            // Events about a watched directory itself; its parent reports the name.
            if directory.isEmpty, event.has(InotifyMask.deleteSelf | InotifyMask.moveSelf) {
                rootLost(deleted: event.has(InotifyMask.deleteSelf))
            }
            return
        }
        let path = TreeScan.join(directory, event.name)
        let isDirectory = event.has(InotifyMask.isDirectory)
        if scan.isIgnored(path, isDirectory) { return }
        pending.insert(path)
        guard isDirectory else { return }
        if event.has(InotifyMask.movedFrom | InotifyMask.delete) {
            dropSubtree(path)
        }
        if event.has(InotifyMask.create | InotifyMask.movedTo) {
            // Watch first, then list: whatever was created before the watch existed is
            // found by the listing, whatever comes after by the watch.
            if !watchTree(path, report: true) { switchToPolling() }
        }
    }

    /// The kernel lost events: re-establish every watch and tell the consumer.
    func overflowed() {
        guard mode == .inotify else { return }
        flush()
        continuation.yield(.rescanning)
        if establish() {
            continuation.yield(.rescan(reason: WatcherMessages.overflow))
        }
    }

    /// Emits the changes collected since the last flush, if any.
    func flush() {
        guard !pending.isEmpty else { return }
        continuation.yield(.changed(pending.sorted()))
        pending.removeAll()
    }

    // MARK: timers

    func tick(now: ContinuousClock.Instant) {
        guard let deadline, deadline <= now else { return }
        self.deadline = now + options.pollInterval
        switch mode {
        case .polling:
            let current = scan.snapshot()
            let changed = TreeScan.difference(baseline, current)
            baseline = current
            if !changed.isEmpty { continuation.yield(.changed(changed.sorted())) }
        case .rootMissing:
            guard scan.rootIsDirectory else { return }
            mode = .inotify
            self.deadline = nil
            if establish() {
                continuation.yield(.rescan(reason: WatcherMessages.rootRecreated(root)))
            }
        case .inotify:
            self.deadline = nil
        }
    }

    // MARK: watches

    /// Watches the whole tree (again), dropping watches of directories that are gone.
    /// False when it had to fall back to polling.
    private func establish() -> Bool {
        let before = Set(watchByPath.keys)
        seen.removeAll()
        collectingSeen = true
        defer { collectingSeen = false; seen.removeAll() }
        guard watchTree("", report: false) else {
            switchToPolling()
            return false
        }
        if !seen.contains("") {
            rootLost(deleted: true)
            return false
        }
        // Directories not seen again are gone; their watches, if any, are stale.
        for path in before where !seen.contains(path) {
            if let wd = watchByPath[path] { release(wd: wd, alive: true) }
        }
        return true
    }

    /// Directories watched during `establish`, to find the ones that are gone.
    private var seen = Set<String>()
    private var collectingSeen = false

    /// Watches `relative` and every non-ignored directory below it, pre-order, listing each
    /// directory after its watch is in place. With `report`, every entry found is pending.
    /// False when the watch limit was hit.
    private func watchTree(_ relative: String, report: Bool) -> Bool {
        var stack = [relative]
        while let directory = stack.popLast() {
            do throws(InotifyFailure) {
                if let max = options.maxWatchesForTesting, watchByPath[directory] == nil, watchCount >= max {
                    throw InotifyFailure.watchLimit
                }
                let wd = try registry.acquireWatch(for: self, path: scan.absolute(directory))
                record(wd: wd, path: directory)
            } catch .watchLimit {
                return false
            } catch {
                continue  // vanished or unreadable: nothing to watch below it
            }
            if collectingSeen { seen.insert(directory) }
            for child in scan.children(of: directory) {
                if report { pending.insert(child.path) }
                if child.isDirectory { stack.append(child.path) }
            }
        }
        return true
    }

    private func record(wd: Int32, path: String) {
        if let old = pathByWatch[wd], old != path, watchByPath[old] == wd {
            watchByPath[old] = nil  // the same inode under a new name (moved, rescanned)
        }
        if let oldWatch = watchByPath[path], oldWatch != wd {
            pathByWatch[oldWatch] = nil  // a new inode under an old name (recreated)
        }
        pathByWatch[wd] = path
        watchByPath[path] = wd
    }

    private func forget(wd: Int32) {
        if let path = pathByWatch.removeValue(forKey: wd), watchByPath[path] == wd {
            watchByPath[path] = nil
        }
        registry.releaseWatch(for: self, wd: wd, alive: false)
    }

    private func release(wd: Int32, alive: Bool) {
        if let path = pathByWatch.removeValue(forKey: wd), watchByPath[path] == wd {
            watchByPath[path] = nil
        }
        registry.releaseWatch(for: self, wd: wd, alive: alive)
    }

    /// A directory moved out or deleted: its watches (and its children's) go.
    private func dropSubtree(_ relative: String) {
        let prefix = relative + "/"
        for (path, wd) in watchByPath where path == relative || path.hasPrefix(prefix) {
            release(wd: wd, alive: true)
        }
    }

    private func releaseAll(rootAlive: Bool) {
        for (path, wd) in watchByPath {
            release(wd: wd, alive: rootAlive || !path.isEmpty)
        }
        pathByWatch.removeAll()
        watchByPath.removeAll()
    }

    private func rootLost(deleted: Bool) {
        flush()
        releaseAll(rootAlive: !deleted)
        if scan.rootIsDirectory && !deleted {
            // Moved away and something already took its place: watch the new one.
            mode = .inotify
            if establish() { continuation.yield(.rescan(reason: WatcherMessages.rootRecreated(root))) }
            return
        }
        mode = .rootMissing
        deadline = .now + options.pollInterval
        continuation.yield(.warning(WatcherMessages.rootRemoved(root)))
    }

    // MARK: polling fallback

    private func startPolling() {
        mode = .polling
        baseline = scan.snapshot()
        deadline = .now + options.pollInterval
    }

    private func switchToPolling() {
        let reached = watchCount
        flush()
        releaseAll(rootAlive: true)
        continuation.yield(.warning(WatcherMessages.watchLimit(
            root: root, watches: reached, limit: options.maxWatchesForTesting ?? limitFromKernel(),
            interval: options.pollInterval)))
        startPolling()
        if started { continuation.yield(.rescan(reason: WatcherMessages.switchedToPolling)) }
    }

    private func limitFromKernel() -> Int? {
        let value = InotifyTools.maxUserWatches
        return value > 0 ? value : nil
    }

    private func message(for failure: InotifyFailure) -> String {
        switch failure {
        case .instanceLimit:
            return WatcherMessages.instanceLimit(root: root, interval: options.pollInterval)
        case .watchLimit:
            return WatcherMessages.watchLimit(root: root, watches: 0, limit: limitFromKernel(),
                                              interval: options.pollInterval)
        case .vanished:
            return WatcherMessages.inotifyUnavailable(root: root, detail: "not found", interval: options.pollInterval)
        case .other(_, let text):
            return WatcherMessages.inotifyUnavailable(root: root, detail: text, interval: options.pollInterval)
        }
    }
}
