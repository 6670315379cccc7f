import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT/SIGTERM into a callback (so work can be cancelled and cleaned up) instead of
/// killing the process mid-swap.
public final class SignalTrap: Sendable {
    // Dispatch sources are thread-safe but not marked Sendable; they are only created and cancelled here.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]
    private let lastSignal = Atomic<Int32>(0)

    public init(signals: [Int32] = [SIGINT, SIGTERM], onSignal: @escaping @Sendable (Int32) -> Void) {
        var made: [any DispatchSourceSignal] = []
        let queue = DispatchQueue(label: "portald.signals")
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            made.append(source)
        }
        sources = made
        for (source, number) in zip(made, signals) {
            source.setEventHandler { [weak self] in
                self?.lastSignal.store(number, ordering: .sequentiallyConsistent)
                onSignal(number)
            }
            source.resume()
        }
    }

    /// The last signal received, 0 if none.
    public var received: Int32 { lastSignal.load(ordering: .sequentiallyConsistent) }

    public func cancel() {
        for source in sources { source.cancel() }
    }
}
