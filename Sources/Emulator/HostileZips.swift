import Archive
import Foundation

/// The broken or malicious downloads of the `zip=...` faults.
enum HostileZips {
    static let notZipPage = Array("""
        <!DOCTYPE html>
        <html><head><title>Sign in</title></head>
        <body><h1>Session expired</h1><p>Please sign in again.</p></body></html>

        """.utf8)

    /// Size of the zip-bomb entry: zeros, compressing to well under 1 MB.
    static let bombBytes: Int64 = 300 << 20

    /// Writes the hostile zip of `kind` to `path`; `portalZip` is the job's real portal.
    static func write(_ kind: Fault.HostileZip, to path: URL, portalZip: URL, scratch: URL) throws {
        switch kind {
        case .slip:
            try build(path) { writer in
                try writer.addFile("index.html", contents: "<p>portal</p>\n")
                try writer.addFile("../escape.txt", contents: "escaped the extraction directory\n")
            }
        case .absolute:
            try build(path) { writer in
                try writer.addFile("index.html", contents: "<p>portal</p>\n")
                try writer.addFile("/tmp/abs.txt", contents: "absolute path entry\n")
            }
        case .symlink:
            try build(path) { writer in
                try writer.addFile("index.html", contents: "<p>portal</p>\n")
                try writer.addSymlink("passwd", target: "/etc/passwd")
            }
        case .hardlink:
            try build(path) { writer in
                try writer.addFile("index.html", contents: "<p>portal</p>\n")
                try writer.addHardlink("passwd", target: "/etc/passwd")
            }
        case .bomb:
            // A sparse file reads as zeros without using disk; the writer streams it.
            let zeros = scratch.appendingPathComponent("zeros-\(UUID().uuidString).bin")
            guard FileManager.default.createFile(atPath: zeros.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: zeros.path])
            }
            defer { try? FileManager.default.removeItem(at: zeros) }
            let handle = try FileHandle(forWritingTo: zeros)
            try handle.truncate(atOffset: UInt64(bombBytes))
            try handle.close()
            try build(path) { writer in
                try writer.addFile("index.html", contents: "<p>portal</p>\n")
                try writer.addFile("static/zeros.bin", copying: zeros.path)
            }
        case .truncated:
            let bytes = try Data(contentsOf: portalZip)
            try bytes.prefix(bytes.count / 2).write(to: path)
        case .notzip:
            try Data(notZipPage).write(to: path)
        }
    }

    private static func build(_ path: URL, _ entries: (ZipWriter) throws -> Void) throws {
        let writer = try ZipWriter(path: path.path)
        try entries(writer)
        try writer.close()
    }
}
