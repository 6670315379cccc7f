import Dispatch

/// Runs blocking file-system work (scans, zips, extraction, tree removal) on a thread of its
/// own. Swift's cooperative threads are as many as cores; if disk work held them, the tasks
/// carrying watcher events and debounce timers would stall, and a stalled stream of events
/// looks like a quiet period: one long save would become several builds.
func offloaded<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try work() })
        }
    }
}
