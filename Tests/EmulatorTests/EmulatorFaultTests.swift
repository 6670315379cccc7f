import LoopbackTestClient
import Archive
import Foundation
import Testing
@testable import Emulator

@Suite struct EmulatorFaultTests {
    @Test(arguments: [400, 402, 403])
    func submitProblemFaults(status: Int) async throws {
        let harness = try Harness(faults: [.submitStatus(status, times: 1)])
        defer { harness.cleanup() }
        let faulted = try await harness.submit()
        #expect(faulted.status == status)
        #expect(faulted.header("Content-Type")?.hasPrefix("application/problem+json") == true)
        let problem = try faulted.json()
        #expect(problem["status"] as? Int == status)
        #expect((problem["title"] as? String)?.isEmpty == false)
        #expect((problem["detail"] as? String)?.isEmpty == false)
        #expect(problem["instance"] as? String == "/portal/v2")
        let errors = try #require(problem["errors"] as? [String: [String]])
        #expect(errors.count >= 1)
        // =1: only the first submit is affected.
        #expect(try await harness.submit().status == 202)
    }

    @Test func submit401And500AndTheirCounts() async throws {
        let harness = try Harness(faults: [.submitStatus(401, times: 1), .submitStatus(500, times: 2)])
        defer { harness.cleanup() }
        let first = try await harness.submit()
        #expect(first.status == 401)
        #expect(try first.json()["message"] as? String == "Authorization has been denied for this request.")
        for _ in 0..<2 {
            let server = try await harness.submit()
            #expect(server.status == 500)
            #expect(try server.json()["message"] as? String == "An error has occurred.")
        }
        #expect(try await harness.submit().status == 202)
    }

    @Test func submit503CarriesRetryAfterAndAppliesEveryTimeWithoutCount() async throws {
        let harness = try Harness(faults: [.submitStatus(503, times: nil)])
        defer { harness.cleanup() }
        for _ in 0..<3 {
            let response = try await harness.submit()
            #expect(response.status == 503)
            #expect(response.header("Retry-After") == "1")
        }
    }

    @Test func submitNonJSONAndEmptyBodies() async throws {
        let harness = try Harness(faults: [.submitNonJSON(times: 1), .submitEmpty(times: 1)])
        defer { harness.cleanup() }
        let html = try await harness.submit()
        #expect(html.status == 500)
        #expect(html.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(html.text.hasPrefix("<!DOCTYPE html>"))
        let empty = try await harness.submit()
        #expect(empty.status == 500)
        #expect(empty.body.isEmpty)
        #expect(try await harness.submit().status == 202)
    }

    @Test func status5xxThenNormal() async throws {
        let harness = try Harness(faults: [.statusServerError(times: 2)])
        defer { harness.cleanup() }
        let job = try await harness.accepted()
        await harness.emulator.waitForWork(job.id)
        let first = try await fetch(job.status)
        #expect(first.status == 500)
        let second = try await fetch(job.status)
        #expect(second.status == 503)
        #expect(second.header("Retry-After") == "1")
        #expect(try await fetch(job.status).status == 302)
        // Counts are per job: a new job sees its own first two polls fail.
        let other = try await harness.accepted()
        await harness.emulator.waitForWork(other.id)
        #expect(try await fetch(other.status).status == 500)
    }

    @Test func statusNonJSONAndUnknownValues() async throws {
        let harness = try Harness(faults: [.statusNonJSON(times: 1), .statusUnknown(times: 2)])
        defer { harness.cleanup() }
        let job = try await harness.accepted()
        await harness.emulator.waitForWork(job.id)
        let html = try await fetch(job.status)
        #expect(html.status == 200)
        #expect(html.header("Content-Type")?.hasPrefix("text/html") == true)
        for _ in 0..<2 {
            let unknown = try await fetch(job.status)
            #expect(unknown.status == 200)
            let value = try #require(try unknown.json()["status"] as? String)
            #expect(!["InProgress", "Queued", "Completed", "ValidationError", "Failed"].contains(value))
        }
        #expect(try await fetch(job.status).status == 302)
    }

    @Test(arguments: Fault.FailureStatus.allCases)
    func failFaultsReportTheStatusWithTwoErrorFields(kind: Fault.FailureStatus) async throws {
        let harness = try Harness(faults: [.fail(kind)])
        defer { harness.cleanup() }
        let job = try await harness.accepted()
        await harness.emulator.waitForWork(job.id)
        let status = try await fetch(job.status)
        #expect(status.status == 200)
        let json = try status.json()
        #expect(json["status"] as? String == kind.rawValue)
        let errors = try #require(json["errors"] as? [String: [String]])
        #expect(errors.count == 2)
        let download = try await fetch(job.download)
        #expect(download.status == 422)
        let report = try #require(try harness.entries(of: download.body)["apimatic-debug/apimatic-report.html"])
        for message in errors.values.flatMap({ $0 }) {
            #expect(report.contains(message.replacingOccurrences(of: "'", with: "&#39;")))
        }
    }

    @Test func download422AfterACompletedStatus() async throws {
        let harness = try Harness(faults: [.download422])
        defer { harness.cleanup() }
        let job = try await harness.accepted()
        await harness.emulator.waitForWork(job.id)
        #expect(try await fetch(job.status).status == 302)
        let download = try await fetch(job.download)
        #expect(download.status == 422)
        #expect(try harness.entries(of: download.body)["apimatic-debug/apimatic-report.html"] != nil)
    }

    /// Downloads the portal of a fresh job under `zip=kind`.
    private func hostileDownload(_ kind: Fault.HostileZip, _ harness: Harness) async throws -> Fetched {
        let job = try await harness.accepted()
        await harness.emulator.waitForWork(job.id)
        #expect(try await fetch(job.status).status == 302)
        let download = try await fetch(job.download)
        #expect(download.status == 200)
        #expect(download.header("Content-Type") == "application/zip")
        return download
    }

    @Test func hostileZipsAreTheAdvertisedKinds() async throws {
        let expectations: [(Fault.HostileZip, (ZipEntryInfo) -> Bool)] = [
            (.slip, { $0.path == "../escape.txt" }),
            (.absolute, { $0.path == "/tmp/abs.txt" }),
            (.symlink, { $0.kind == .symlink(target: "/etc/passwd") }),
        ]
        for (kind, isHostile) in expectations {
            let harness = try Harness(faults: [.zip(kind)])
            defer { harness.cleanup() }
            let download = try await hostileDownload(kind, harness)
            var found = false
            try ZipReader.forEachEntry(in: try harness.save(download.body), readContents: false) { info, _ in
                if isHostile(info) { found = true }
            }
            #expect(found, "zip=\(kind.rawValue)")
            // The extractor refuses each of them.
            let target = harness.directory.appendingPathComponent("extract-\(kind.rawValue)")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            #expect(throws: ArchiveError.self) { _ = try Extractor.extract(zipAt: try harness.save(download.body), into: target.path) }
        }
    }

    /// ZIP has no hard-link type: libarchive writes the requested link to /etc/passwd as an
    /// empty regular file, so the observable effect is an entry that must stay an empty file.
    @Test func hardlinkZipCarriesTheLinkEntryAsAnEmptyFile() async throws {
        let harness = try Harness(faults: [.zip(.hardlink)])
        defer { harness.cleanup() }
        let download = try await hostileDownload(.hardlink, harness)
        var entries: [ZipEntryInfo] = []
        try ZipReader.forEachEntry(in: try harness.save(download.body), readContents: false) { info, _ in entries.append(info) }
        #expect(entries.map(\.path) == ["index.html", "passwd"])
        let target = harness.directory.appendingPathComponent("extract")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        _ = try Extractor.extract(zipAt: try harness.save(download.body), into: target.path)
        let attributes = try FileManager.default.attributesOfItem(atPath: target.appendingPathComponent("passwd").path)
        #expect(attributes[.size] as? Int == 0)
        #expect(attributes[.referenceCount] as? Int == 1)
    }

    @Test func bombIsSmallOnTheWireAndHugeInflated() async throws {
        let harness = try Harness(faults: [.zip(.bomb)])
        defer { harness.cleanup() }
        let download = try await hostileDownload(.bomb, harness)
        #expect(download.body.count < 2 << 20)
        var generous = ExtractionLimits()
        generous.maxRatio = 1 << 20
        generous.maxTotalBytes = 1 << 40
        var biggest: Int64 = 0
        try ZipReader.forEachEntry(in: try harness.save(download.body), readContents: false, limits: generous) { info, _ in
            biggest = max(biggest, info.size)
        }
        #expect(biggest == HostileZips.bombBytes)
    }

    @Test func truncatedAndNotZipDownloads() async throws {
        let truncatedHarness = try Harness(faults: [.zip(.truncated)])
        defer { truncatedHarness.cleanup() }
        let truncated = try await hostileDownload(.truncated, truncatedHarness)
        #expect(throws: ArchiveError.self) {
            try ZipReader.forEachEntry(in: try truncatedHarness.save(truncated.body), readContents: true) { _, _ in }
        }

        let notZipHarness = try Harness(faults: [.zip(.notzip)])
        defer { notZipHarness.cleanup() }
        let notZip = try await hostileDownload(.notzip, notZipHarness)
        #expect(notZip.text.hasPrefix("<!DOCTYPE html>"))
    }
}
