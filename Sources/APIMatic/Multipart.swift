import Foundation

/// The submit body: multipart/form-data with one part `file` holding the build zip. Written to
/// a file beside the zip (copied in chunks) so the upload streams from disk and a large zip is
/// never held in memory, let alone twice.
enum Multipart {
    static func contentType(boundary: String) -> String {
        "multipart/form-data; boundary=\(boundary)"
    }

    /// A boundary that cannot plausibly occur inside the zip.
    static func makeBoundary() -> String {
        "portald-" + randomHex(byteCount: 16)
    }

    /// Writes the body to `output` and returns its size in bytes.
    static func write(zip: URL, to output: URL, boundary: String) throws(APIMaticError) -> Int64 {
        let head = "--\(boundary)\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"build.zip\"\r\n"
            + "Content-Type: application/zip\r\n\r\n"
        let tail = "\r\n--\(boundary)--\r\n"
        let fileManager = FileManager.default
        do {
            let input = try FileHandle(forReadingFrom: zip)
            defer { try? input.close() }
            guard fileManager.createFile(atPath: output.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission)
            }
            let out = try FileHandle(forWritingTo: output)
            defer { try? out.close() }
            try out.write(contentsOf: Data(head.utf8))
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                try out.write(contentsOf: chunk)
            }
            try out.write(contentsOf: Data(tail.utf8))
            return Int64(try out.offset())
        } catch {
            try? fileManager.removeItem(at: output)
            throw APIMaticError(
                kind: APIMaticError.Kind.io,
                message: "Could not prepare the upload of \(zip.path) (writing \(output.path)): \(error.localizedDescription). Check that the file exists and the directory is writable.")
        }
    }
}

/// Hex of `byteCount` bytes from the system's cryptographic generator.
func randomHex(byteCount: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    let digits = Array("0123456789abcdef")
    var text = ""
    text.reserveCapacity(byteCount * 2)
    for _ in 0..<byteCount {
        let byte = Int(UInt8.random(in: .min ... .max, using: &generator))
        text.append(digits[byte >> 4])
        text.append(digits[byte & 0xF])
    }
    return text
}
