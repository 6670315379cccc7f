import Archive
import Foundation

/// A 422 download: the body is an error zip holding `apimatic-debug/apimatic-report.html`.
enum BuildReport {
    static let entryPath = "apimatic-debug/apimatic-report.html"
    static let fileName = "apimatic-report.html"
    /// The error zip is untrusted input too: small limits, only the report is written out.
    static let limits = ExtractionLimits(maxTotalBytes: 64 << 20, maxEntries: 10_000)

    /// Keeps the error zip in `directory`, extracts its report beside it, and returns the
    /// error to throw (with `report` pointing at the HTML, or at the zip if it has none).
    static func save(errorZip: URL, into directory: URL, url: URL, jobID: String?,
                     service: String = "APIMatic") -> APIMaticError {
        let fileManager = FileManager.default
        let job = jobID.map { " for job \($0)" } ?? ""
        let headline = "\(service) could not generate the portal\(job) (HTTP 422 from \(url.absoluteString))"
        let zip = directory.appendingPathComponent("apimatic-error.zip")
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
            try? fileManager.removeItem(at: zip)
            try fileManager.moveItem(at: errorZip, to: zip)
        } catch {
            return APIMaticError(
                kind: APIMaticError.Kind.buildReport,
                message: "\(headline) and sent a build report, but it could not be saved in \(directory.path): \(error.localizedDescription). Check that the directory is writable.",
                httpStatus: 422, jobID: jobID)
        }
        do {
            let report = directory.appendingPathComponent(fileName)
            guard try extractReport(from: zip, to: report) else {
                return APIMaticError(
                    kind: APIMaticError.Kind.buildReport,
                    message: "\(headline). Its error zip holds no \(entryPath); it was kept at \(zip.path) for inspection. Fix the build input and save again.",
                    report: zip.path, httpStatus: 422, jobID: jobID)
            }
            return APIMaticError(
                kind: APIMaticError.Kind.buildReport,
                message: "\(headline). Its build report explains why: open \(report.path), fix the build input and save again.",
                report: report.path, httpStatus: 422, jobID: jobID)
        } catch {
            let reason = (error as? ArchiveError)?.message ?? error.localizedDescription
            return APIMaticError(
                kind: APIMaticError.Kind.buildReport,
                message: "\(headline), but its error zip could not be read; it was kept at \(zip.path). Fix the build input and save again.",
                details: [reason], report: zip.path, httpStatus: 422, jobID: jobID)
        }
    }

    /// Writes only the report entry's bytes to `destination`; false when the zip has none.
    static func extractReport(from zip: URL, to destination: URL) throws -> Bool {
        var found: [UInt8]?
        try ZipReader.forEachEntry(in: zip.path, readContents: true, limits: limits) { info, contents in
            let path = info.path.hasPrefix("./") ? String(info.path.dropFirst(2)) : info.path
            if found == nil, info.kind == .file, path == entryPath { found = contents }
        }
        guard let found else { return false }
        try Data(found).write(to: destination, options: .atomic)
        return true
    }
}
