import HTTPServer

/// The answer for one file resolved in the tree: validators, conditional requests, byte
/// ranges and the body, all from the one descriptor the file was opened with.
struct StaticResponse {
    /// Pages larger than this are served as they are, without the live-reload script.
    static let maxInjectedPageBytes: Int64 = 32 << 20

    let descriptor: Descriptor
    let status: FileStatus
    /// Name the type is taken from ("index.html" for a directory).
    let fileName: String
    /// The live generation to inject into HTML, with the time it went live; nil: no injection.
    let injection: (generation: Int, since: Int)?

    private enum Content {
        case descriptor(size: Int64)
        case bytes([UInt8])
    }

    func response(to request: HTTPRequest, digests: DigestCache) -> HTTPResponse {
        var content = Content.descriptor(size: status.size)
        var etag: String
        var modified = status.modifiedSeconds
        let html = ContentType.isHTML(fileName: fileName)
        if html, let injection, status.size <= Self.maxInjectedPageBytes {
            guard let page = descriptor.readAll() else { return readFailed() }
            let digest = digests.digest(of: page, identity: status.identity)
            content = .bytes(LiveReloadScript.inject(into: page, generation: injection.generation))
            // The served bytes depend on the generation too, and changed when it went live.
            etag = "\"\(digest)-g\(injection.generation)\""
            modified = max(modified, injection.since)
        } else {
            guard let digest = digests.digest(of: descriptor, identity: status.identity) else { return readFailed() }
            etag = "\"\(digest)\""
        }
        let lastModified = HTTPDate.format(secondsSince1970: modified)

        var headers: [(String, String)] = [
            ("ETag", etag),
            ("Last-Modified", lastModified),
            // Every generation may change any file: the browser must revalidate (cheap, 304).
            ("Cache-Control", "no-cache"),
        ]
        if notModified(request, etag: etag, modified: modified) {
            return HTTPResponse(status: 304, headers: headers)
        }
        headers += [
            ("Content-Type", ContentType.of(fileName: fileName)),
            ("Accept-Ranges", "bytes"),
            ("X-Content-Type-Options", "nosniff"),
        ]

        let size: Int64
        switch content {
        case .descriptor(let fileSize): size = fileSize
        case .bytes(let bytes): size = Int64(bytes.count)
        }
        var range = ByteRange.parse(request.header("range"), size: size)
        if range != .whole, let ifRange = request.header("if-range"), !ifRangeHolds(ifRange, etag: etag, modified: modified) {
            range = .whole
        }
        switch range {
        case .whole:
            return HTTPResponse(status: 200, headers: headers, body: body(content, offset: 0, length: size))
        case .partial(let first, let last):
            headers.append(("Content-Range", "bytes \(first)-\(last)/\(size)"))
            return HTTPResponse(status: 206, headers: headers, body: body(content, offset: first, length: last - first + 1))
        case .unsatisfiable:
            return HTTPResponse(
                status: 416,
                headers: [("Content-Range", "bytes */\(size)"), ("Content-Type", "text/plain; charset=utf-8")],
                body: .bytes(Array("The requested range is outside the \(size) bytes of \(fileName).\n".utf8)))
        }
    }

    private func body(_ content: Content, offset: Int64, length: Int64) -> HTTPBody {
        switch content {
        case .descriptor:
            return .openFile(OpenFile(adopting: descriptor.release()), offset: offset, length: length)
        case .bytes(let bytes):
            return .bytes(Array(bytes[Int(offset)..<Int(offset + length)]))
        }
    }

    /// If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 13.2.2).
    private func notModified(_ request: HTTPRequest, etag: String, modified: Int) -> Bool {
        if let tags = request.header("if-none-match") {
            return tags.split(separator: ",").contains { candidate in
                var tag = candidate.trimmingSpaces()
                if tag == "*" { return true }
                if tag.hasPrefix("W/") { tag.removeFirst(2) }
                return tag == etag
            }
        }
        if let since = request.header("if-modified-since"), let date = HTTPDate.parse(since) {
            return modified <= date
        }
        return false
    }

    private func ifRangeHolds(_ value: String, etag: String, modified: Int) -> Bool {
        let trimmed = value.trimmingSpaces()
        if trimmed.hasPrefix("\"") { return trimmed == etag }
        return HTTPDate.parse(trimmed) == modified
    }

    private func readFailed() -> HTTPResponse {
        .text(500, "Could not read \(fileName) from the preview folder. Check the disk; the next generation replaces it.\n")
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (header list items).
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return String(text)
    }
}
