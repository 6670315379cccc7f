import APIMatic
import Archive
import BuildInput
import Foundation
import Swapper

/// The stages of one generation as separate steps, so `generate` runs them in a row and the
/// daemon can run, cancel and order them per generation. Each step cleans up after itself
/// on failure; none touches the preview except `swap`.
public struct GenerationSteps: Sendable {
    public let endpoint: GeneratorEndpoint
    public let preview: PreviewDirectory
    public let state: StateDirectory
    public let callbacks: CallbackReceiver?
    public let events: any EventSink

    public init(endpoint: GeneratorEndpoint, preview: PreviewDirectory, state: StateDirectory,
                callbacks: CallbackReceiver?, events: any EventSink) {
        self.endpoint = endpoint
        self.preview = preview
        self.state = state
        self.callbacks = callbacks
        self.events = events
    }

    /// Zips the snapshot and submits it; the upload zip is gone afterwards either way.
    public func packAndSubmit(generation: Int, snapshot: Snapshot, buildFileOverride: [UInt8]?,
                              timings: inout StageTimings) async throws -> Job {
        let upload = state.uploads.appendingPathComponent("build-\(generation).zip")
        defer { try? FileManager.default.removeItem(at: upload) }
        var lap = Lap()
        try await offloaded { try Packer.pack(snapshot, buildFileOverride: buildFileOverride, to: upload) }
        timings.pack = lap.split()
        try Task.checkCancellation()
        let job = if let callbacks {
            try await endpoint.client.submit(zip: upload, callbacks: callbacks)
        } else {
            try await endpoint.client.submit(zip: upload)
        }
        timings.submit = lap.split()
        events.emit(.submitted(generation: generation, job: job.id))
        return job
    }

    /// Polls (or waits for the callback) until the job is done; returns the download URL.
    public func waitUntilDone(generation: Int, job: Job, timings: inout StageTimings) async throws -> URL {
        var lap = Lap()
        let events = self.events
        do {
            let url = try await endpoint.client.waitUntilDone(job, callbacks: callbacks) { status in
                events.emit(.status(generation: generation, job: job.id, status: status))
            }
            timings.wait = lap.split()
            return url
        } catch { throw PortaldErrorFactory.inJob(job.id, error) }
    }

    /// Downloads the portal and extracts it into a fresh staging directory beside the
    /// preview; returns that directory. `keepZip` also keeps a copy of the download.
    public func downloadAndStage(generation: Int, job: Job, from url: URL, keepZip: URL?,
                                 timings: inout StageTimings) async throws -> URL {
        var lap = Lap()
        let download = state.downloads.appendingPathComponent("portal-\(generation).zip")
        defer { try? FileManager.default.removeItem(at: download) }
        let reportDirectory = state.reports.appendingPathComponent("generation-\(generation)")
        let bytes: Int64
        do {
            bytes = try await endpoint.client.download(from: url, to: download, reportDirectory: reportDirectory, jobID: job.id)
        } catch { throw PortaldErrorFactory.inJob(job.id, error) }
        events.emit(.downloaded(generation: generation, job: job.id, bytes: bytes))
        timings.download = lap.split()
        try Task.checkCancellation()

        let staging = try preview.makeStaging()
        do {
            _ = try await offloaded { try Extractor.extract(zipAt: download.path, into: staging.path) }
            try Task.checkCancellation()
            if let keepZip { try copyZip(download, to: keepZip) }
        } catch {
            preview.discard(staging)
            throw PortaldErrorFactory.inJob(job.id, error)
        }
        timings.extract = lap.split()
        return staging
    }

    /// Atomically replaces the preview with the staged tree and records which build it holds.
    public func swap(in staging: URL, build: LiveBuild, timings: inout StageTimings) async throws {
        var lap = Lap()
        let preview = self.preview
        do {
            _ = try await offloaded { try preview.swap(in: staging) }
        } catch {
            preview.discard(staging)
            throw error
        }
        timings.swap = lap.split()
        build.record(in: state)
    }

    public func discard(_ staging: URL) { preview.discard(staging) }

    private func copyZip(_ download: URL, to destination: URL) throws {
        do {
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.copyItem(at: download, to: destination)
        } catch {
            throw PortaldErrorFactory.io("Cannot copy the portal zip to \(destination.path)", error,
                                         hint: "Check that the folder exists and is writable; the preview was not changed.")
        }
    }
}

/// Milliseconds between successive calls, for the `live` event's per-stage timings.
struct Lap {
    private let clock = ContinuousClock()
    private var last: ContinuousClock.Instant

    init() { last = clock.now }

    mutating func split() -> Int {
        let now = clock.now
        defer { last = now }
        return Self.milliseconds(now - last)
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
