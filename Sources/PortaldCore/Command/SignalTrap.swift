import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT/SIGTERM into a callback (so work can be cancelled and cleaned up) instead of
/// killing the process mid-swap.
public final class SignalTrap: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>
    public let received = Atomic<Int32>(0)

    public init(signals: [Int32] = [SIGINT, SIGTERM], onSignal: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "portald.signals")
        var made: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            made.append(source)
        }
        sources = Mutex(made)
        for (index, source) in made.enumerated() {
            let number = signals[index]
            source.setEventHandler { [received] in
                received.store(number, ordering: .sequentiallyConsistent)
                onSignal(number)
            }
            source.resume()
        }
    }

    public func cancel() {
        sources.withLock { list in
            for source in list { source.cancel() }
            list.removeAll()
        }
    }
}
