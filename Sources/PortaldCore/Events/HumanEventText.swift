/// The human face of each event: a short line on stderr, or nothing at this verbosity.
enum HumanEventText {
    static func line(for event: PortaldEvent, verbosity: Verbosity) -> String? {
        switch event {
        case .failed(_, let job, let error):
            // Failures always show, even with --quiet.
            var text = "portald: error: \(error.message)"
            for detail in error.details { text += "\n  - \(detail)" }
            if let report = error.report { text += "\n  build report: \(report)" }
            if let job, !error.message.contains(job) { text += "\n  (job \(job))" }
            return text
        case _ where verbosity == .quiet:
            return nil
        case .ready(let preview, let url, let generator):
            return "portald: ready (generator: \(generator)) \(url ?? preview)"
        case .change(let paths):
            return "portald: \(paths.count) change(s): \(paths.prefix(3).joined(separator: ", "))\(paths.count > 3 ? ", ..." : "")"
        case .unchanged:
            return "portald: no content change, nothing to generate"
        case .submitted(let generation, let job):
            return "portald: generation \(generation) submitted (job \(job))"
        case .superseded(let generation, let job):
            return "portald: generation \(generation) superseded" + (job.map { " (job \($0) abandoned)" } ?? "")
        case .status(_, _, let status):
            return verbosity >= .verbose ? "portald:   status \(status)" : nil
        case .downloaded(_, _, let bytes):
            return verbosity >= .verbose ? "portald:   downloaded \(bytes) bytes" : nil
        case .live(let generation, _, let ms):
            return "portald: generation \(generation) live in \(ms.total) ms"
                + " (pack \(ms.pack), submit \(ms.submit), wait \(ms.wait), download \(ms.download), extract \(ms.extract), swap \(ms.swap))"
        }
    }
}
