import Foundation

/// Encodes an event as one JSON line: `event` and `ts` first, then the event's own fields
/// sorted, so lines read well and diff cleanly.
struct EventLine {
    let event: PortaldEvent
    let timestamp: Date

    /// The event's own fields (without `event` and `ts`).
    private struct Fields: Encodable {
        let event: PortaldEvent

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            func generation(_ generation: Int?, job: String?) throws {
                try c.encodeIfPresent(generation, forKey: Key("generation"))
                try c.encodeIfPresent(job, forKey: Key("job"))
            }
            switch event {
            case .ready(let preview, let url, let generator):
                try c.encode(preview, forKey: Key("preview"))
                try c.encodeIfPresent(url, forKey: Key("url"))
                try c.encode(generator, forKey: Key("generator"))
            case .change(let paths):
                try c.encode(paths, forKey: Key("paths"))
                try c.encode(paths.count, forKey: Key("count"))
            case .unchanged:
                break
            case .submitted(let number, let job):
                try generation(number, job: job)
            case .superseded(let number, let job):
                try generation(number, job: job)
            case .status(let number, let job, let status):
                try generation(number, job: job)
                try c.encode(status, forKey: Key("status"))
            case .downloaded(let number, let job, let bytes):
                try generation(number, job: job)
                try c.encode(bytes, forKey: Key("bytes"))
            case .live(let number, let job, let ms):
                try generation(number, job: job)
                try c.encode(ms, forKey: Key("ms"))
            case .failed(let number, let job, let error):
                try generation(number, job: job)
                try c.encode(error, forKey: Key("error"))
            }
        }
    }

    /// RFC 3339 with milliseconds, UTC: 2026-12-04T15:35:05.123Z
    static func rfc3339(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
    }

    func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        guard let data = try? encoder.encode(Fields(event: event)) else { return #"{"event":"internal"}"# }
        // The event name and timestamp never need escaping; the fields object is spliced after them.
        let fields = String(decoding: data, as: UTF8.self).dropFirst()  // without its "{"
        let head = #"{"event":"\#(event.name)","ts":"\#(Self.rfc3339(timestamp))""#
        return head + (fields == "}" ? "}" : "," + fields)
    }
}
