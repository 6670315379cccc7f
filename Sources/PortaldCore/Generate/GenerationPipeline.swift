import APIMatic
import Archive
import BuildInput
import Foundation
import Swapper

/// One generation, stage after stage: pack, submit, wait, download, extract, swap.
/// Any failure leaves the preview as it was and removes what this generation wrote.
public struct GenerationPipeline: Sendable {
    public let endpoint: GeneratorEndpoint
    public let preview: PreviewDirectory
    public let state: StateDirectory
    public let callbacks: CallbackReceiver?
    public let events: any EventSink
    public let zipCopy: URL?

    public init(endpoint: GeneratorEndpoint, preview: PreviewDirectory, state: StateDirectory,
                callbacks: CallbackReceiver?, events: any EventSink, zipCopy: URL?) {
        self.endpoint = endpoint
        self.preview = preview
        self.state = state
        self.callbacks = callbacks
        self.events = events
        self.zipCopy = zipCopy
    }

    public func run(generation: Int, snapshot: Snapshot, buildFileOverride: [UInt8]?) async throws -> StageTimings {
        var ms = StageTimings()
        let clock = ContinuousClock()
        let started = clock.now
        var lap = started
        func split() -> Int {
            let now = clock.now
            defer { lap = now }
            return Self.milliseconds(now - lap)
        }

        let upload = state.uploads.appendingPathComponent("build-\(generation).zip")
        let download = state.downloads.appendingPathComponent("portal-\(generation).zip")
        defer {
            try? FileManager.default.removeItem(at: upload)
            try? FileManager.default.removeItem(at: download)
        }
        try Packer.pack(snapshot, buildFileOverride: buildFileOverride, to: upload)
        ms.pack = split()

        let client = endpoint.client
        let job = try await client.submit(zip: upload, callbackURL: callbacks?.callbackURL)
        events.emit(.submitted(generation: generation, job: job.id))
        ms.submit = split()

        let events = self.events
        let downloadURL: URL
        do {
            downloadURL = try await client.waitUntilDone(job, callbacks: callbacks) { status in
                events.emit(.status(generation: generation, job: job.id, status: status))
            }
        } catch { throw PortaldErrorFactory.inJob(job.id, error) }
        ms.wait = split()

        let reportDirectory = state.reports.appendingPathComponent("generation-\(generation)")
        let bytes: Int64
        do {
            bytes = try await client.download(from: downloadURL, to: download, reportDirectory: reportDirectory, jobID: job.id)
        } catch { throw PortaldErrorFactory.inJob(job.id, error) }
        events.emit(.downloaded(generation: generation, job: job.id, bytes: bytes))
        ms.download = split()
        try Task.checkCancellation()

        let staging = try preview.makeStaging()
        do {
            _ = try Extractor.extract(zipAt: download.path, into: staging.path)
        } catch {
            preview.discard(staging)
            throw PortaldErrorFactory.inJob(job.id, error)
        }
        ms.extract = split()
        do {
            try Task.checkCancellation()
            _ = try preview.swap(in: staging)
        } catch {
            preview.discard(staging)
            throw error
        }
        ms.swap = split()

        if let zipCopy { try keepZip(download, at: zipCopy) }
        ms.total = Self.milliseconds(clock.now - started)
        events.emit(.live(generation: generation, job: job.id, ms: ms))
        return ms
    }

    private func keepZip(_ download: URL, at destination: URL) throws {
        do {
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.copyItem(at: download, to: destination)
        } catch {
            throw PortaldErrorFactory.io("The portal is live, but its zip could not be copied to \(destination.path)", error,
                                         hint: "Check that the folder exists and is writable.")
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
