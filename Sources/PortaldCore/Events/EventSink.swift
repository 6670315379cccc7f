import Foundation
import Synchronization

/// Receives every event of a run; the console reporter and tests implement it.
public protocol EventSink: Sendable {
    func emit(_ event: PortaldEvent)
    /// Free-form progress for people (never parsed); ignored in JSON mode.
    func note(_ text: String)
}

public enum Verbosity: Int, Sendable, Comparable {
    case quiet, normal, verbose
    public static func < (a: Verbosity, b: Verbosity) -> Bool { a.rawValue < b.rawValue }
}

/// `--json`: JSON lines on stdout. Otherwise concise human lines on stderr.
public final class ConsoleReporter: EventSink {
    private let json: Bool
    private let verbosity: Verbosity
    private let lock = Mutex(())

    public init(json: Bool, verbosity: Verbosity) {
        self.json = json
        self.verbosity = verbosity
    }

    public func emit(_ event: PortaldEvent) {
        if json {
            write(EventLine(event: event, timestamp: Date()).jsonLine() + "\n", to: .standardOutput)
        } else if let line = HumanEventText.line(for: event, verbosity: verbosity) {
            write(line + "\n", to: .standardError)
        }
    }

    public func note(_ text: String) {
        guard !json, verbosity >= .normal else { return }
        write("portald: \(text)\n", to: .standardError)
    }

    private func write(_ text: String, to handle: FileHandle) {
        lock.withLock { _ in handle.write(Data(text.utf8)) }
    }
}
