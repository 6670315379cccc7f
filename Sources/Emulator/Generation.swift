import Archive
import Foundation
import HTMLEscaping

/// The work behind one job, run off the HTTP threads: extract, render, zip.
enum Generation {
    static func run(_ job: Job, renderer: any PortalRenderer, forcedFailure: Fault.FailureStatus?,
                    download422: Bool) -> Job.Outcome {
        var outcome = render(job, renderer: renderer)
        if let forcedFailure {
            outcome = .failed(status: forcedFailure.rawValue, errors: ServiceResponses.failureErrors(forcedFailure))
        }
        do {
            if case .failed(let status, let errors) = outcome {
                try writeErrorZip(at: job.errorZip, jobID: job.id, status: status, errors: errors)
            } else if download422 {
                try writeErrorZip(at: job.errorZip, jobID: job.id, status: "Failed",
                                  errors: ["portal": ["The generated portal could not be packaged for download."]])
            }
        } catch {
            outcome = .failed(status: "Failed", errors: ["portal": ["Could not write the build report: \(error)"]])
        }
        return outcome
    }

    private static func render(_ job: Job, renderer: any PortalRenderer) -> Job.Outcome {
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: job.inputDirectory, withIntermediateDirectories: true)
            try fileManager.createDirectory(at: job.outputDirectory, withIntermediateDirectories: true)
        } catch {
            return .failed(status: "Failed", errors: ["portal": ["Could not prepare the job directory: \(error.localizedDescription)"]])
        }
        do {
            _ = try Extractor.extract(zipAt: job.uploadZip.path, into: job.inputDirectory.path)
        } catch let error as ArchiveError {
            return .failed(status: "ValidationError", errors: ["file": [error.message]])
        } catch {
            return .failed(status: "ValidationError", errors: ["file": ["\(error)"]])
        }
        do {
            try renderer.render(input: job.inputDirectory, output: job.outputDirectory)
        } catch let failure as RenderFailure {
            return .failed(status: "ValidationError", errors: failure.errors)
        } catch {
            return .failed(status: "Failed", errors: ["portal": ["The generator failed: \(error)"]])
        }
        do {
            try zipDirectory(job.outputDirectory, to: job.portalZip)
        } catch {
            return .failed(status: "Failed", errors: ["portal": ["Could not package the portal: \(error)"]])
        }
        return .completed
    }

    /// Zips every directory and file under `root`, sorted, paths relative to it.
    static func zipDirectory(_ root: URL, to zip: URL) throws {
        let writer = try ZipWriter(path: zip.path)
        var written = Set<String>()
        for file in try relativeFiles(under: root) {
            var parent = ""
            for component in file.split(separator: "/").dropLast() {
                parent += component + "/"
                if written.insert(parent).inserted { try writer.addDirectory(parent) }
            }
            try writer.addFile(file, copying: root.appendingPathComponent(file).path)
        }
        try writer.close()
    }

    /// The ERROR zip of a failed generation: `apimatic-debug/apimatic-report.html`.
    static func writeErrorZip(at zip: URL, jobID: String, status: String, errors: [String: [String]]) throws {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>APIMatic build report</title></head>\n<body>\n"
        html += "<h1>Portal generation failed</h1>\n<p>Job \(HTML.escape(jobID)): \(HTML.escape(status))</p>\n"
        for field in errors.keys.sorted() {
            html += "<h2>\(HTML.escape(field))</h2>\n<ul>\n"
            for message in errors[field] ?? [] { html += "<li>\(HTML.escape(message))</li>\n" }
            html += "</ul>\n"
        }
        html += "</body>\n</html>\n"
        let writer = try ZipWriter(path: zip.path)
        try writer.addDirectory("apimatic-debug/")
        try writer.addFile("apimatic-debug/apimatic-report.html", contents: html)
        try writer.close()
    }
}
