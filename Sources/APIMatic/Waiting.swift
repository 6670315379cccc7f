import Foundation

extension APIMaticClient {
    /// Waits for the job to finish and returns the URL to download the portal from.
    /// Polls the status URL (soon, then backing off to `pollCap`, honouring Retry-After,
    /// retrying network errors and 5xx within `timeout`). With a mailbox (callback mode) the
    /// callback ends the wait and a slow fallback poll covers lost callbacks.
    func wait(
        for job: Job, mailbox: CallbackMailbox?, onStatus: @Sendable (String) -> Void
    ) async throws -> URL {
        mailbox?.expect(job.id)
        defer { mailbox?.finish(job.id) }

        let stopwatch = Stopwatch(clock)
        var schedule = PollSchedule(initial: config.pollInitial, cap: config.pollCap)
        // Callback mode polls only as a slow safety net; polling mode backs off to the cap.
        func nextDelay() -> Duration { mailbox == nil ? schedule.next() : config.fallbackPollInterval }
        var delay = nextDelay()
        var lastStatus: String?
        var lastProblem: APIMaticError?

        while true {
            let remaining = config.timeout - stopwatch.elapsed()
            if remaining <= .zero {
                throw timeoutError(job, lastStatus: lastStatus, lastProblem: lastProblem)
            }
            if let mailbox {
                if let event = try await callback(from: mailbox, for: job.id, within: min(delay, remaining)) {
                    return try await conclude(event, job: job)
                }
            } else {
                try await clock.sleep(for: min(delay, remaining))
            }
            try Task.checkCancellation()

            let reply: StatusReply
            do {
                reply = try await statusReply(job)
            } catch let error as APIMaticError {
                reply = .retry(error, retryAfter: nil)
            }
            let next = nextDelay()
            switch reply {
            case .state(.running(let status)):
                if status != lastStatus { onStatus(status) }
                lastStatus = status
                lastProblem = nil
                delay = next
            case .state(.completed(let url)):
                return url
            case .state(.failed(let error)), .fail(let error):
                throw error
            case .retry(let error, let retryAfter):
                lastProblem = error
                delay = retryAfter ?? next
            }
        }
    }

    /// Waits for the job's callback or for `interval` to pass, whichever comes first.
    private func callback(from mailbox: CallbackMailbox, for id: String, within interval: Duration) async throws -> CallbackEvent? {
        let clock = self.clock
        return try await withThrowingTaskGroup(of: CallbackEvent?.self) { group in
            group.addTask { try await mailbox.next(for: id) }
            group.addTask {
                try await clock.sleep(for: interval)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    /// A callback arrived: completed -> its link; anything else -> ask the status URL why.
    private func conclude(_ event: CallbackEvent, job: Job) async throws -> URL {
        if event.isCompleted {
            return trustedLink(event.link, job: job) ?? job.downloadURL
        }
        let state: JobState
        do {
            state = try await checkStatus(job)
        } catch let error as APIMaticError {
            throw callbackFailure(event, job: job, details: [error.message])
        }
        switch state {
        case .completed(let url): return url
        case .failed(let error): throw error
        case .running(let status): throw callbackFailure(event, job: job, details: ["status URL still says \(status)"])
        }
    }

    /// The callback's link is used only when it points where the service's own links do:
    /// the download request carries the API key.
    private func trustedLink(_ link: String?, job: Job) -> URL? {
        guard let link, let url = URL(string: link), let scheme = url.scheme?.lowercased(),
              scheme == "https" || scheme == "http" else { return nil }
        let trusted = [job.downloadURL, job.statusURL, config.baseURL]
        return trusted.contains { $0.host == url.host && $0.port == url.port && $0.scheme?.lowercased() == scheme } ? url : nil
    }

    private func callbackFailure(_ event: CallbackEvent, job: Job, details: [String]) -> APIMaticError {
        let status = event.status.isEmpty ? "(none)" : event.status
        return APIMaticError(
            kind: APIMaticError.Kind.generationFailed,
            message: "\(config.serviceName) reported status \(status) for job \(job.id) through the callback, so the portal was not generated. Save again to retry; contact APIMatic support if it persists.",
            details: details, jobID: job.id)
    }

    private func timeoutError(_ job: Job, lastStatus: String?, lastProblem: APIMaticError?) -> APIMaticError {
        let seconds = config.timeout.components.seconds
        let last = lastStatus.map { " (last status: \($0))" } ?? ""
        return APIMaticError(
            kind: APIMaticError.Kind.timeout,
            message: "Portal generation job \(job.id) did not finish within \(seconds) s\(last). The service may still be working on it: raise the limit with --timeout SECONDS, or save again to retry.",
            details: lastProblem.map { ["last error: \($0.message)"] } ?? [],
            jobID: job.id)
    }
}

/// Time elapsed on any clock, without the caller having to name the clock's Instant type.
struct Stopwatch: Sendable {
    let elapsed: @Sendable () -> Duration

    init(_ clock: any Clock<Duration>) {
        self.elapsed = Self.start(clock)
    }

    private static func start<C: Clock<Duration>>(_ clock: C) -> @Sendable () -> Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }
}
