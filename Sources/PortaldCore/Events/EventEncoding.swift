import Foundation

/// Encodes an event as one JSON line: `event` and `ts` plus the event's own fields.
struct EventLine: Encodable {
    let event: PortaldEvent
    let timestamp: Date

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(event.name, forKey: Key("event"))
        try c.encode(Self.rfc3339(timestamp), forKey: Key("ts"))
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
        case .submitted(let generation, let job):
            try c.encode(generation, forKey: Key("generation"))
            try c.encode(job, forKey: Key("job"))
        case .superseded(let generation, let job):
            try c.encode(generation, forKey: Key("generation"))
            try c.encodeIfPresent(job, forKey: Key("job"))
        case .status(let generation, let job, let status):
            try c.encode(generation, forKey: Key("generation"))
            try c.encode(job, forKey: Key("job"))
            try c.encode(status, forKey: Key("status"))
        case .downloaded(let generation, let job, let bytes):
            try c.encode(generation, forKey: Key("generation"))
            try c.encode(job, forKey: Key("job"))
            try c.encode(bytes, forKey: Key("bytes"))
        case .live(let generation, let job, let ms):
            try c.encode(generation, forKey: Key("generation"))
            try c.encode(job, forKey: Key("job"))
            try c.encode(ms, forKey: Key("ms"))
        case .failed(let generation, let job, let error):
            try c.encodeIfPresent(generation, forKey: Key("generation"))
            try c.encodeIfPresent(job, forKey: Key("job"))
            try c.encode(error, forKey: Key("error"))
        }
    }

    /// RFC 3339 with milliseconds, UTC: 2026-12-04T15:35:05.123Z
    static func rfc3339(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
    }

    /// `event` and `ts` first, then the fields sorted, so lines read well and diff cleanly.
    func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        guard let data = try? encoder.encode(self),
              var object = String(data: data, encoding: .utf8) else { return #"{"event":"internal"}"# }
        for key in ["ts", "event"] {
            guard let range = object.range(of: "\"\(key)\":\"") else { continue }
            // Both values are plain strings without quotes inside: cut up to the closing quote.
            guard let end = object[range.upperBound...].firstIndex(of: "\"") else { continue }
            var pair = String(object[range.lowerBound...end])
            var cut = range.lowerBound..<object.index(after: end)
            if object[cut.upperBound] == "," { cut = cut.lowerBound..<object.index(after: cut.upperBound) }
            else if object[object.index(before: cut.lowerBound)] == "," { cut = object.index(before: cut.lowerBound)..<cut.upperBound }
            object.removeSubrange(cut)
            pair += object == "{}" ? "" : ","
            object.insert(contentsOf: pair, at: object.index(after: object.startIndex))
        }
        return object
    }
}
