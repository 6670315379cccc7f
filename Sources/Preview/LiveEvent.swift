import Foundation

/// What the daemon tells open preview pages.
public enum LiveEvent: Sendable, Equatable {
    /// A generation was submitted; pages show a small "building" badge.
    case building(generation: Int)
    /// A generation is live (sent only after its swap); pages reload.
    case reload(generation: Int)
    /// A generation failed; the last good portal stays. `report`: a build report is served
    /// at `/__portald/report`.
    case error(message: String, details: [String], report: Bool)
}

/// The Server-Sent Events wire format of the events and of the connection greeting.
enum EventStreamFormat {
    static let reportPath = "/__portald/report"
    /// How long a browser waits before reconnecting (after a daemon restart, for instance).
    static let retryMilliseconds = 1000

    private struct GenerationPayload: Encodable { let generation: Int }

    private struct ErrorPayload: Encodable {
        let message: String
        let details: [String]
        let report: String?
    }

    static func hello(generation: Int) -> [UInt8] {
        Array("retry: \(retryMilliseconds)\n".utf8) + frame("hello", GenerationPayload(generation: generation))
    }

    static func encode(_ event: LiveEvent) -> [UInt8] {
        switch event {
        case .building(let generation):
            return frame("building", GenerationPayload(generation: generation))
        case .reload(let generation):
            return frame("reload", GenerationPayload(generation: generation))
        case .error(let message, let details, let report):
            return frame("error", ErrorPayload(message: message, details: details, report: report ? reportPath : nil))
        }
    }

    /// A comment line: ignored by EventSource, but a write that reveals a gone client.
    static let heartbeat = Array(": ping\n\n".utf8)

    private static func frame(_ name: String, _ payload: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // JSON escapes newlines inside strings, so the payload is always one `data:` line.
        let json = (try? encoder.encode(payload)).map { Array($0) } ?? Array("{}".utf8)
        return Array("event: \(name)\ndata: ".utf8) + json + Array("\n\n".utf8)
    }
}
