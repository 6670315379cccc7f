import HTMLEscaping
import HTTPServer
import Synchronization

/// Turns one request into one response: the internal `/__portald/` endpoints, or a file of
/// the preview tree. Holds no reference to the HTTP server, so the server's handler can
/// hold this without a cycle.
final class PreviewSite: Sendable {
    static let allowedMethods = "GET, HEAD"

    let root: String
    let liveReload: Bool
    let hub = LiveReloadHub()
    let digests = DigestCache()
    private let reportFile = Mutex<String?>(nil)
    private let status: @Sendable () -> [UInt8]

    init(root: String, liveReload: Bool, status: @escaping @Sendable () -> [UInt8]) {
        self.root = root
        self.liveReload = liveReload
        self.status = status
    }

    func setReport(_ path: String?) {
        reportFile.withLock { $0 = path }
    }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = HTTPResponse.text(405, "\(request.method) is not supported here: the preview is read-only (GET and HEAD only).\n")
            response.headers.append(("Allow", Self.allowedMethods))
            return response
        }
        if request.path.hasPrefix("/__portald/") {
            return internalEndpoint(request)
        }
        guard let target = RequestTarget.parse(request.target) else {
            return .text(400, "Bad request path. Paths must stay inside the preview: no \"..\" or \".\" segments, encoded slashes, backslashes, NUL or invalid UTF-8.\n")
        }
        return serveFromTree(target, request: request)
    }

    // MARK: - The tree

    private enum Resolution {
        case file(Descriptor, FileStatus, name: String)
        case redirect(String)
        case notFound
    }

    private func serveFromTree(_ target: RequestTarget, request: HTTPRequest) -> HTTPResponse {
        // Read the generation before opening anything: if a swap lands in between, the page
        // claims an older generation than its content, and the script's hello check reloads
        // it once more. The other order could label old content with the new generation.
        let live = liveReload ? hub.live : nil
        var attempt = 0
        while true {
            attempt += 1
            guard let rootDirectory = TreeFiles.openRoot(root) else { return noPortalYet(generation: live?.generation) }
            let resolution = resolve(target, in: rootDirectory)
            switch resolution {
            case .file(let descriptor, let status, let name):
                let file = StaticResponse(descriptor: descriptor, status: status, fileName: name, injection: live)
                return file.response(to: request, digests: digests)
            case .redirect(let location):
                return HTTPResponse(status: 302, headers: [
                    ("Location", location), ("Cache-Control", "no-cache"), ("Content-Type", "text/plain; charset=utf-8"),
                ], body: .bytes(Array("See \(location)\n".utf8)))
            case .notFound:
                // The tree opened may have been swapped out and deleted under us: look again
                // in the new one rather than answer 404 for a file that exists.
                if attempt < 5, let opened = rootDirectory.status()?.identity,
                   let current = TreeFiles.rootIdentity(root), !current.isSameObject(as: opened) {
                    continue
                }
                return notFound(target, generation: live?.generation)
            }
        }
    }

    private func resolve(_ target: RequestTarget, in rootDirectory: Descriptor) -> Resolution {
        guard let name = target.segments.last else {
            return regular(TreeFiles.lookup("index.html", in: rootDirectory), name: "index.html")
        }
        let relative = target.relativePath
        switch TreeFiles.lookup(relative, in: rootDirectory) {
        case .regular(let descriptor, let status):
            return target.trailingSlash ? .notFound : .file(descriptor, status, name: name)
        case .directory:
            let index = regular(TreeFiles.lookup(relative + "/index.html", in: rootDirectory), name: "index.html")
            if case .file = index {
                // Relative links in the index resolve against "/dir/", not "/".
                return target.trailingSlash ? index : .redirect(target.encodedPath(trailingSlash: true))
            }
        case .notFound:
            break
        }
        // "/guide" names "guide.html" (pretty URLs).
        guard !target.trailingSlash, !ContentType.isHTML(fileName: name) else { return .notFound }
        return regular(TreeFiles.lookup(relative + ".html", in: rootDirectory), name: name + ".html")
    }

    private func regular(_ lookup: TreeFiles.Lookup, name: String) -> Resolution {
        if case .regular(let descriptor, let status) = lookup { return .file(descriptor, status, name: name) }
        return .notFound
    }

    private func notFound(_ target: RequestTarget, generation: Int?) -> HTTPResponse {
        page(404, title: "Not found",
             text: "\(target.encodedPath(trailingSlash: target.trailingSlash)) is not in the current portal.",
             generation: generation)
    }

    private func noPortalYet(generation: Int?) -> HTTPResponse {
        page(404, title: "No portal yet",
             text: "No portal has been generated into the preview folder yet. This page reloads once one is live.",
             generation: generation)
    }

    /// A small HTML page that, with live reload on, reloads itself when the next portal is live.
    private func page(_ status: Int, title: String, text: String, generation: Int?) -> HTTPResponse {
        let escaped = HTML.escape(text)
        var html = Array("<!doctype html><html><head><meta charset=\"utf-8\"><title>\(title)</title></head><body><h1>\(title)</h1><p>\(escaped)</p></body></html>\n".utf8)
        if let generation { html = LiveReloadScript.inject(into: html, generation: generation) }
        return HTTPResponse(status: status, headers: [
            ("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-cache"),
        ], body: .bytes(html))
    }

    // MARK: - /__portald/

    private func internalEndpoint(_ request: HTTPRequest) -> HTTPResponse {
        switch request.path {
        case "/__portald/events":
            let headers = [
                ("Content-Type", "text/event-stream; charset=utf-8"),
                ("Cache-Control", "no-cache"),
                ("X-Accel-Buffering", "no"),
            ]
            if request.method == "HEAD" { return HTTPResponse(status: 200, headers: headers) }
            return HTTPResponse(status: 200, headers: headers, body: .stream(hub.connect()))
        case "/__portald/status":
            return HTTPResponse(status: 200, headers: [
                ("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store"),
            ], body: .bytes(status()))
        case EventStreamFormat.reportPath:
            guard let path = reportFile.withLock({ $0 }), let (descriptor, status) = TreeFiles.openTrusted(path) else {
                return .text(404, "No build report: the last generation did not fail with one.\n")
            }
            let name = path.split(separator: "/").last.map(String.init) ?? "report"
            return HTTPResponse(status: 200, headers: [
                ("Content-Type", ContentType.of(fileName: name)), ("Cache-Control", "no-store"),
            ], body: .openFile(OpenFile(adopting: descriptor.release()), offset: 0, length: status.size))
        default:
            return .text(404, "Unknown portald endpoint \(request.path). Known: /__portald/events, /__portald/status, /__portald/report.\n")
        }
    }
}

extension FileIdentity {
    /// Same file-system object (device and inode), whatever its size or time.
    func isSameObject(as other: FileIdentity) -> Bool {
        device == other.device && inode == other.inode
    }
}
