import Archive
import Dispatch
import Foundation
import HTTPServer
import Synchronization

/// The APIMatic-compatible async portal-generation service (`portald emulate`), speaking
/// apimatic-async-api.md over loopback, with injectable faults.
public final class Emulator: Sendable {
    private let server: HTTPServer
    private let service: EmulatorService

    public var baseURL: String { server.baseURL }

    public init(options: EmulatorOptions, clock: any Clock<Duration> = ContinuousClock()) throws {
        if !options.allowRemote && !EmulatorError.isLoopback(options.host) {
            throw EmulatorError(reason: .remoteNotAllowed(host: options.host))
        }
        let ownsWorkDirectory = options.workDirectory == nil
        let workDirectory = options.workDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("portald-emulator-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: workDirectory.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        } catch {
            throw EmulatorError(reason: .workDirectory(path: workDirectory.path, reason: error.localizedDescription))
        }
        let service = EmulatorService(options: options, clock: clock, workDirectory: workDirectory,
                                      ownsWorkDirectory: ownsWorkDirectory)
        do {
            server = try HTTPServer(options: HTTPServerOptions(host: options.host, port: options.port)) { request in
                service.handle(request)
            }
        } catch {
            if ownsWorkDirectory { try? FileManager.default.removeItem(at: workDirectory) }
            throw error
        }
        service.setBaseURL(server.baseURL)
        self.service = service
    }

    /// Stops serving; pending callbacks are dropped and a temporary work directory removed.
    public func stop() {
        server.stop()
        service.shutDown()
    }

    deinit { stop() }

    // MARK: - Test hooks

    /// Waits until job `id`'s generation work is done (ignoring the simulated latency).
    func waitForWork(_ id: String) async {
        await service.job(id)?.workDone.wait()
    }

    /// Waits until job `id`'s callback was sent or skipped.
    func waitForCallback(_ id: String) async {
        await service.job(id)?.callbackSettled.wait()
    }

    var workDirectory: URL { service.workDirectory }
}

/// Request routing and job bookkeeping, shared by the HTTP threads and the workers.
final class EmulatorService: Sendable {
    let options: EmulatorOptions
    let clock: any Clock<Duration>
    let workDirectory: URL
    private let ownsWorkDirectory: Bool
    private let baseURL = Mutex("")
    private let jobs = Mutex<[String: Job]>([:])
    private let submitFaultCounts = Mutex<[Int: Int]>([:])
    private let stopped = Atomic(false)
    /// How many jobs were accepted so far (picks each job's latency).
    private let submittedJobs = Atomic(0)
    /// Job-independent hostile zips, built once (the bomb takes a moment).
    private let hostileCache = Mutex<[Fault.HostileZip: URL]>([:])
    /// Callback tasks, cancelled on stop (one may be sleeping out a long latency).
    private let callbackTasks = Mutex<[Task<Void, Never>]>([])
    private let workers = DispatchQueue(label: "portald.emulator.generation", attributes: .concurrent)

    init(options: EmulatorOptions, clock: any Clock<Duration>, workDirectory: URL, ownsWorkDirectory: Bool) {
        self.options = options
        self.clock = clock
        self.workDirectory = workDirectory
        self.ownsWorkDirectory = ownsWorkDirectory
    }

    func setBaseURL(_ url: String) { baseURL.withLock { $0 = url } }

    func job(_ id: String) -> Job? { jobs.withLock { $0[id] } }

    func shutDown() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        for task in callbackTasks.withLock({ $0 }) { task.cancel() }
        if ownsWorkDirectory { try? FileManager.default.removeItem(at: workDirectory) }
    }

    // MARK: Routing

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard segments.count >= 2, segments[0] == "portal", segments[1] == "v2" else {
            return ServiceResponses.problem(404, title: "Not Found", detail: "No resource at \(request.path).",
                                            instance: request.path, errors: [:])
        }
        switch (request.method, segments.count) {
        case ("POST", 2):
            return authorized(request) ? submit(request) : ServiceResponses.unauthorized()
        case ("GET", 4) where segments[3] == "status":
            return authorized(request) ? status(id: segments[2], request: request) : ServiceResponses.unauthorized()
        case ("GET", 4) where segments[3] == "download":
            return authorized(request) ? download(id: segments[2], request: request) : ServiceResponses.unauthorized()
        case (_, 2):
            var response = ServiceResponses.problem(405, title: "Method Not Allowed",
                                                    detail: "\(request.method) is not supported on \(request.path).",
                                                    instance: request.path, errors: [:])
            response.headers.append(("Allow", "POST"))
            return response
        case (_, 4) where ["status", "download"].contains(segments[3]):
            var response = ServiceResponses.problem(405, title: "Method Not Allowed",
                                                    detail: "\(request.method) is not supported on \(request.path).",
                                                    instance: request.path, errors: [:])
            response.headers.append(("Allow", "GET"))
            return response
        default:
            return ServiceResponses.problem(404, title: "Not Found", detail: "No resource at \(request.path).",
                                            instance: request.path, errors: [:])
        }
    }

    /// `Authorization: X-Auth-Key <key>`; the key itself never appears in any answer.
    private func authorized(_ request: HTTPRequest) -> Bool {
        guard let header = request.header("authorization")?.trimmed() else { return false }
        let scheme = "x-auth-key"
        guard header.lowercased().hasPrefix(scheme) else { return false }
        let key = header.dropFirst(scheme.count).trimmed()
        guard !key.isEmpty else { return false }
        if let required = options.key { return key == required }
        return true
    }

    /// "http://<Host header>" when it looks like a host, else the server's own base URL.
    private func linkBase(_ request: HTTPRequest) -> String {
        if let host = request.header("host"), !host.isEmpty,
           host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:[]_".contains($0) }) {
            return "http://\(host)"
        }
        return baseURL.withLock { $0 }
    }

    // MARK: Submit

    private func submitFault() -> HTTPResponse? {
        for (index, fault) in options.faults.enumerated() {
            let response: HTTPResponse
            let times: Int?
            switch fault {
            case .submitStatus(let status, let n):
                response = ServiceResponses.submitFault(status, instance: "/portal/v2")
                times = n
            case .submitNonJSON(let n):
                response = ServiceResponses.htmlErrorPage(500)
                times = n
            case .submitEmpty(let n):
                response = HTTPResponse(status: 500)
                times = n
            default:
                continue
            }
            let applies = submitFaultCounts.withLock { counts in
                let used = counts[index, default: 0]
                if let times, used >= times { return false }
                counts[index] = used + 1
                return true
            }
            if applies { return response }
        }
        return nil
    }

    private func badUpload(_ detail: String, field: String = "file", _ messages: [String]) -> HTTPResponse {
        ServiceResponses.problem(400, title: "One or more validation errors occurred.", detail: detail,
                                 instance: "/portal/v2", errors: [field: messages])
    }

    private func submit(_ request: HTTPRequest) -> HTTPResponse {
        if let faulted = submitFault() { return faulted }

        let parts: [MultipartPart]
        do {
            let boundary = try Multipart.boundary(contentType: request.header("content-type"))
            parts = try Multipart.parse(request.body, boundary: boundary)
        } catch {
            let reason: String
            switch error {
            case .notMultipart: reason = "The request body must be multipart/form-data."
            case .missingBoundary: reason = "The multipart/form-data content type has no valid boundary."
            case .malformed(let detail): reason = "The multipart/form-data body is malformed: \(detail)."
            }
            return badUpload(reason, ["The file field is required: send the build input ZIP as the multipart part named 'file'."])
        }
        guard let file = parts.first(where: { $0.name == "file" }) else {
            return badUpload("The build input is missing.", ["The file field is required."])
        }

        let id = UUID().uuidString.lowercased()
        let directory = workDirectory.appendingPathComponent("jobs").appendingPathComponent(id)
        let job = Job(id: id, directory: directory, callbackURL: request.header("x-apimatic-callbackurl"),
                      linkBase: linkBase(request), stopwatch: clock.startStopwatch(),
                      latency: options.latency(ofJob: submittedJobs.add(1, ordering: .relaxed).oldValue))
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(file.body).write(to: job.uploadZip)
        } catch {
            return ServiceResponses.internalError()
        }
        if let problem = checkUpload(job.uploadZip) {
            try? FileManager.default.removeItem(at: directory)
            return problem
        }

        jobs.withLock { $0[id] = job }
        workers.async { self.generate(job) }

        struct Accepted: Encodable {
            struct Links: Encodable { let status: String; let download: String }
            let id: String
            let links: Links
        }
        return .json(202, Accepted(id: id, links: .init(status: job.statusURL, download: job.downloadURL)))
    }

    /// A readable zip with APIMATIC-BUILD.json at its root, or the 400 to answer.
    private func checkUpload(_ zip: URL) -> HTTPResponse? {
        var hasBuildFile = false
        do {
            try ZipReader.forEachEntry(in: zip.path, readContents: false) { info, _ in
                if info.path == "APIMATIC-BUILD.json", info.kind == .file { hasBuildFile = true }
            }
        } catch let error as ArchiveError {
            return badUpload("The uploaded file is not a valid ZIP archive.",
                             ["The file must be a ZIP of the build directory: \(error.details.first ?? error.message)"])
        } catch {
            return badUpload("The uploaded file is not a valid ZIP archive.", ["The file must be a ZIP of the build directory."])
        }
        guard hasBuildFile else {
            return badUpload("The build input has no build file.", field: "APIMATIC-BUILD.json",
                             ["APIMATIC-BUILD.json was not found at the root of the uploaded ZIP (paths must not start with './' or a folder)."])
        }
        return nil
    }

    // MARK: Generation

    private func generate(_ job: Job) {
        job.outcome.withLock { $0 = .running }
        var forcedFailure: Fault.FailureStatus?
        var download422 = false
        var hostile: Fault.HostileZip?
        for fault in options.faults {
            switch fault {
            case .fail(let status): forcedFailure = status
            case .download422: download422 = true
            case .zip(let kind): hostile = kind
            default: break
            }
        }
        var outcome = Generation.run(job, renderer: options.renderer, forcedFailure: forcedFailure, download422: download422)
        if outcome == .completed, let hostile {
            do {
                try prepareHostile(hostile, for: job)
            } catch {
                outcome = .failed(status: "Failed", errors: ["portal": ["The emulator could not build the zip=\(hostile.rawValue) download: \(error)"]])
            }
        }
        job.outcome.withLock { $0 = outcome }
        job.workDone.fire()
        let task = Task { await self.notify(job) }
        callbackTasks.withLock { $0.append(task) }
    }

    private func hostileZip(_ kind: Fault.HostileZip, for job: Job) -> URL {
        kind == .truncated
            ? job.directory.appendingPathComponent("hostile-truncated.zip")
            : workDirectory.appendingPathComponent("hostile-\(kind.rawValue).zip")
    }

    private func prepareHostile(_ kind: Fault.HostileZip, for job: Job) throws {
        let path = hostileZip(kind, for: job)
        if kind == .truncated {
            return try HostileZips.write(kind, to: path, portalZip: job.portalZip, scratch: workDirectory)
        }
        // Held while building, so concurrent jobs wait for one bomb instead of making several.
        try hostileCache.withLock { cache in
            if cache[kind] != nil { return }
            try HostileZips.write(kind, to: path, portalZip: job.portalZip, scratch: workDirectory)
            cache[kind] = path
        }
    }

    /// Sends the callback once the job is finished and the latency has passed.
    private func notify(_ job: Job) async {
        defer { job.callbackSettled.fire() }
        guard let callbackURL = job.callbackURL else { return }
        if options.faults.contains(.callbackLost) { return }
        let remaining = job.latency - job.stopwatch.elapsed()
        if remaining > .zero {
            do { try await job.stopwatch.sleepUntil(job.latency) } catch { return }
        }
        guard !stopped.load(ordering: .sequentiallyConsistent) else { return }
        let succeeded = job.outcome.withLock { $0 } == .completed && !options.faults.contains(.callbackFailed)
        await CallbackSender.send(.init(id: job.id, status: succeeded ? "GenerationCompleted" : "GenerationFailed",
                                        link: job.downloadURL), to: callbackURL)
    }

    // MARK: Status

    private func status(id: String, request: HTTPRequest) -> HTTPResponse {
        guard let job = job(id) else { return unknownJob(id, path: request.path) }

        for (index, fault) in options.faults.enumerated() {
            switch fault {
            case .statusServerError(let times):
                if job.consumeStatusFault(index, times: times) {
                    let used = job.statusFaultCounts.withLock { $0[index, default: 1] }
                    return used % 2 == 1 ? ServiceResponses.internalError() : ServiceResponses.unavailable()
                }
            case .statusNonJSON(let times):
                if job.consumeStatusFault(index, times: times) {
                    return ServiceResponses.htmlErrorPage(200)
                }
            case .statusUnknown(let times):
                if job.consumeStatusFault(index, times: times) {
                    return .json(200, ["status": "Preprocessing"])
                }
            default:
                continue
            }
        }

        let outcome = job.outcome.withLock { $0 }
        guard outcome.isFinished, job.stopwatch.elapsed() >= job.latency else {
            return .json(200, ["status": outcome == .queued ? "Queued" : "InProgress"])
        }
        switch outcome {
        case .failed(let status, let errors):
            struct Failed: Encodable { let status: String; let errors: [String: [String]] }
            return .json(200, Failed(status: status, errors: errors))
        default:
            return HTTPResponse(status: 302, headers: [("Location", job.downloadURL)])
        }
    }

    private func unknownJob(_ id: String, path: String) -> HTTPResponse {
        ServiceResponses.problem(404, title: "Not Found", detail: "No portal generation with id '\(id)' exists.",
                                 instance: path, errors: ["id": ["Unknown generation id."]])
    }

    // MARK: Download

    private func download(id: String, request: HTTPRequest) -> HTTPResponse {
        guard let job = job(id) else { return unknownJob(id, path: request.path) }
        let outcome = job.outcome.withLock { $0 }
        guard outcome.isFinished, job.stopwatch.elapsed() >= job.latency else {
            return ServiceResponses.problem(404, title: "Not Found",
                                            detail: "The portal for generation '\(id)' is not ready yet; poll the status URL.",
                                            instance: request.path, errors: ["id": ["Generation still in progress."]])
        }
        if case .failed = outcome {
            return zipResponse(422, job.errorZip, filename: "error.zip")
        }
        if options.faults.contains(.download422) {
            return zipResponse(422, job.errorZip, filename: "error.zip")
        }
        for case .zip(let kind) in options.faults {
            return zipResponse(200, hostileZip(kind, for: job), filename: "portal.zip")
        }
        return zipResponse(200, job.portalZip, filename: "portal.zip")
    }

    private func zipResponse(_ status: Int, _ file: URL, filename: String) -> HTTPResponse {
        HTTPResponse(status: status,
                     headers: [("Content-Type", "application/zip"),
                               ("Content-Disposition", "attachment; filename=\"\(filename)\"")],
                     body: .file(path: file.path))
    }
}
