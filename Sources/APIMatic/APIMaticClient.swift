import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The async portal-generation API (apimatic-async-api.md): submit, poll or await the
/// callback, download. Every wait goes through the injected clock and honours cancellation.
public final class APIMaticClient: Sendable {
    public let config: ClientConfig
    let clock: any Clock<Duration>
    let transport: HTTPTransport

    public init(config: ClientConfig, clock: any Clock<Duration> = ContinuousClock()) {
        self.config = config
        self.clock = clock
        self.transport = HTTPTransport(requestTimeout: config.requestTimeout)
    }

    // MARK: Submit

    /// Uploads the build zip (`POST {base}/portal/v2`) and returns the job with its links.
    /// 429/5xx and dropped connections are retried `maxRetries` times.
    public func submit(zip: URL, callbackURL: URL? = nil) async throws -> Job {
        let url = config.submitURL
        let boundary = Multipart.makeBoundary()
        let bodyFile = zip.deletingLastPathComponent()
            .appendingPathComponent(".\(zip.lastPathComponent).\(boundary).multipart")
        let size = try Multipart.write(zip: zip, to: bodyFile, boundary: boundary)
        defer { try? FileManager.default.removeItem(at: bodyFile) }

        var request = makeRequest(url, method: "POST", accept: "application/json")
        request.setValue(Multipart.contentType(boundary: boundary), forHTTPHeaderField: "Content-Type")
        request.setValue(String(size), forHTTPHeaderField: "Content-Length")
        if let callbackURL { request.setValue(callbackURL.absoluteString, forHTTPHeaderField: "X-APIMatic-CallbackUrl") }

        var attempt = 0
        while true {
            let reply: HTTPReply
            do {
                reply = try await transport.upload(request, fromFile: bodyFile)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                let failure = transportFailure(error, url: url, request: .submit, jobID: nil)
                guard failure.isTransient, attempt < config.maxRetries else { throw failure.error }
                try await pause(RetryBackoff.delay(attempt: attempt, retryAfter: nil))
                attempt += 1
                continue
            }
            switch reply.status {
            case 200, 201, 202:
                return try parseAcceptedJob(body: reply.body, submitURL: url, service: config.serviceName)
            case let status where isRetryableStatus(status) && attempt < config.maxRetries:
                try await pause(RetryBackoff.delay(attempt: attempt, retryAfter: RetryAfter.delay(headers: reply.headers)))
                attempt += 1
            default:
                throw interpretSubmitError(status: reply.status, body: reply.body, headers: reply.headers,
                                           service: config.serviceName)
            }
        }
    }

    // MARK: Status

    /// One `GET links.status`, redirects not followed. Throws for HTTP and network errors.
    public func checkStatus(_ job: Job) async throws -> JobState {
        switch try await statusReply(job) {
        case .state(let state): return state
        case .retry(let error, _), .fail(let error): throw error
        }
    }

    func statusReply(_ job: Job) async throws -> StatusReply {
        let request = makeRequest(job.statusURL, method: "GET", accept: "application/json")
        do {
            let reply = try await transport.send(request, followRedirects: false)
            return interpretStatus(status: reply.status, body: reply.body, headers: reply.headers, job: job,
                                   service: config.serviceName)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw transportFailure(error, url: job.statusURL, request: .status, jobID: job.id).error
        }
    }

    // MARK: Download

    /// `GET <url>` streamed to `file`; returns its size. A 422 carries an error zip: its build
    /// report is extracted into `reportDirectory` and thrown as a "build-report" error.
    public func download(from url: URL, to file: URL, reportDirectory: URL, jobID: String? = nil) async throws -> Int64 {
        let fileManager = FileManager.default
        let part = file.deletingLastPathComponent()
            .appendingPathComponent(".\(file.lastPathComponent).\(randomHex(byteCount: 8)).part")
        // Whatever happens (cancellation included), no partial file stays behind.
        defer { try? fileManager.removeItem(at: part) }
        let request = makeRequest(url, method: "GET", accept: "application/zip, application/json")

        var attempt = 0
        while true {
            let reply: HTTPFileReply
            do {
                reply = try await transport.download(request, to: part)
                try Task.checkCancellation()
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                let failure = transportFailure(error, url: url, request: .download, jobID: jobID)
                guard failure.isTransient, attempt < config.maxRetries else { throw failure.error }
                try await pause(RetryBackoff.delay(attempt: attempt, retryAfter: nil))
                attempt += 1
                continue
            }
            switch reply.status {
            case 200:
                do {
                    try? fileManager.removeItem(at: file)
                    try fileManager.moveItem(at: part, to: file)
                    let size = try fileManager.attributesOfItem(atPath: file.path)[.size] as? NSNumber
                    return size?.int64Value ?? 0
                } catch {
                    throw APIMaticError(
                        kind: APIMaticError.Kind.io,
                        message: "Downloaded the portal from \(url.absoluteString) but could not move it to \(file.path): \(error.localizedDescription). Check that the directory is writable.",
                        jobID: jobID)
                }
            case 422:
                throw BuildReport.save(errorZip: part, into: reportDirectory, url: url, jobID: jobID,
                                       service: config.serviceName)
            case let status where isRetryableStatus(status) && attempt < config.maxRetries:
                try await pause(RetryBackoff.delay(attempt: attempt, retryAfter: RetryAfter.delay(headers: reply.headers)))
                attempt += 1
            default:
                let body = (try? FileHandle(forReadingFrom: part)).flatMap { handle in
                    defer { try? handle.close() }
                    return try? handle.read(upToCount: 64 * 1024)
                }
                throw interpretErrorResponse(
                    status: reply.status, body: body.map { [UInt8]($0) } ?? [], headers: reply.headers,
                    request: .download, url: url, jobID: jobID, service: config.serviceName)
            }
        }
    }

    // MARK: Helpers

    func makeRequest(_ url: URL, method: String, accept: String) -> URLRequest {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("X-Auth-Key \(config.key.value)", forHTTPHeaderField: "Authorization")
        request.setValue(accept, forHTTPHeaderField: "Accept")
        request.setValue(config.userAgent, forHTTPHeaderField: "User-Agent")
        request.timeoutInterval = config.requestTimeout
        return request
    }

    /// Sleeps on the injected clock, never longer than the whole generation budget.
    func pause(_ duration: Duration) async throws {
        try await clock.sleep(for: min(max(duration, .zero), config.timeout))
    }
}
