import Archive
import Foundation

/// Zips a snapshot for upload: every directory and file in byte order of their paths (`/`
/// separators, no leading `./`), `APIMATIC-BUILD.json` at the root, fixed timestamps and modes
/// (ZipWriter), so the same snapshot always gives the same bytes.
public enum Packer {
    /// `buildFileOverride` replaces the build file's bytes in the zip only (the localhost
    /// baseUrl rewrite); the user's file is never touched. A partial zip is removed on failure.
    public static func pack(_ snapshot: Snapshot, buildFileOverride: [UInt8]?, to zip: URL) throws {
        let buildFileName = BuildDirectory.buildFileName
        guard snapshot.files.contains(where: { $0.relativePath == buildFileName }) else {
            throw BuildInputError(
                .pack,
                "\(buildFileName) is missing from \(snapshot.build.root.path) (deleted, or matched by an ignore rule). "
                    + "Restore it, or remove the ignore rule that hides it.",
                path: snapshot.build.buildFile.path)
        }
        do {
            let writer = try ZipWriter(path: zip.path)
            try snapshot.forEachInPathOrder { directory in
                try writer.addDirectory(directory + "/")
            } file: { file in
                if file.relativePath == buildFileName, let buildFileOverride {
                    try writer.addFile(file.relativePath, contents: buildFileOverride)
                } else {
                    try writer.addFile(file.relativePath, copying: file.source.path)
                }
            }
            try writer.close()
        } catch {
            try? FileManager.default.removeItem(at: zip)
            let archiveError = error as? ArchiveError
            let place = archiveError?.entry.map { " (entry '\($0)')" } ?? ""
            let reason = archiveError?.details.first ?? "\(error)"
            throw BuildInputError(
                .pack,
                "Could not zip \(snapshot.build.root.path) into \(zip.path)\(place): \(reason). "
                    + "If a file changed while zipping, the next save rebuilds; otherwise check free disk space.",
                path: zip.path)
        }
    }
}
