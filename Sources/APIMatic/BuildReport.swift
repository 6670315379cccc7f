import Foundation

/// A 422 download: the body is an error zip holding `apimatic-debug/apimatic-report.html`.
enum BuildReport {
    static let entryPath = "apimatic-debug/apimatic-report.html"

    /// Keeps the error zip in `directory`, extracts its report, and returns the error to throw.
    static func save(errorZip: URL, into directory: URL, url: URL, jobID: String?) -> APIMaticError {
        let fileManager = FileManager.default
        let job = jobID.map { " for job \($0)" } ?? ""
        let zip = directory.appendingPathComponent("apimatic-error.zip")
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
            try? fileManager.removeItem(at: zip)
            try fileManager.moveItem(at: errorZip, to: zip)
        } catch {
            return APIMaticError(
                kind: APIMaticError.Kind.buildReport,
                message: "APIMatic could not generate the portal\(job) (HTTP 422 from \(url.absoluteString)) and sent a build report, but it could not be saved in \(directory.path): \(error.localizedDescription).",
                httpStatus: 422, jobID: jobID)
        }
        // TODO(lead): extract `entryPath` with module Archive once branch `archive` lands.
        let report = zip.path
        return APIMaticError(
            kind: APIMaticError.Kind.buildReport,
            message: "APIMatic could not generate the portal\(job) (HTTP 422 from \(url.absoluteString)). Its build report explains why: open \(report), fix the build input and save again.",
            report: report, httpStatus: 422, jobID: jobID)
    }
}
