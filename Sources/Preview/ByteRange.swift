import Foundation

/// One `Range: bytes=...` request against a representation of `size` bytes.
enum ByteRange: Equatable {
    /// No usable single range (absent, malformed, another unit, several ranges): send it all.
    case whole
    /// Inclusive first and last byte.
    case partial(first: Int64, last: Int64)
    /// Syntactically fine but outside the content: 416.
    case unsatisfiable

    static func parse(_ header: String?, size: Int64) -> ByteRange {
        guard let header else { return .whole }
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.lowercased().hasPrefix("bytes=") else { return .whole }
        let spec = text.dropFirst(6).trimmingCharacters(in: .whitespaces)
        // Multi-range is allowed to be answered with the whole representation.
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let startText = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let endText = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        if startText.isEmpty {
            // Suffix: the last N bytes.
            guard let suffix = Int64(endText), suffix >= 0 else { return .whole }
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .partial(first: max(0, size - suffix), last: size - 1)
        }
        guard let first = Int64(startText), first >= 0 else { return .whole }
        var last = size - 1
        if !endText.isEmpty {
            guard let end = Int64(endText), end >= first else { return .whole }
            last = min(end, size - 1)
        }
        guard first < size else { return .unsatisfiable }
        return .partial(first: first, last: last)
    }
}
