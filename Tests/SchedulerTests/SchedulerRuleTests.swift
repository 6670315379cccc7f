import Testing
@testable import Scheduler

/// Drives one generation from `built` to `applied`, checking each step's action.
private func runToLive(_ scheduler: inout Scheduler, hash: String, job: String) -> Int {
    let actions = scheduler.handle(.built(hash: hash))
    guard case .submit(let generation, hash)? = actions.last else {
        Issue.record("expected submit, got \(actions)")
        return -1
    }
    #expect(scheduler.handle(.submitted(generation: generation, job: job)) == [.track(generation: generation, job: job)])
    #expect(scheduler.handle(.finished(generation: generation, job: job)) == [.download(generation: generation, job: job)])
    #expect(scheduler.handle(.downloaded(generation: generation)) == [.apply(generation: generation)])
    #expect(scheduler.handle(.applied(generation: generation)) == [])
    return generation
}

@Suite struct SchedulerRuleTests {
    @Test func happyPathNumbersGenerationsFromOneAndGoesLive() {
        var scheduler = Scheduler()
        #expect(runToLive(&scheduler, hash: "A", job: "j1") == 1)
        #expect(scheduler.live == 1)
        #expect(scheduler.liveHash == "A")
        #expect(scheduler.inFlight.isEmpty)
        #expect(runToLive(&scheduler, hash: "B", job: "j2") == 2)
        #expect(scheduler.live == 2)
        #expect(scheduler.liveHash == "B")
    }

    @Test func newBuildSupersedesRunningOne() {
        var scheduler = Scheduler()
        #expect(scheduler.handle(.built(hash: "A")) == [.submit(generation: 1, hash: "A")])
        _ = scheduler.handle(.submitted(generation: 1, job: "j1"))
        #expect(scheduler.handle(.built(hash: "B")) == [
            .abandon(generation: 1, job: "j1"),
            .submit(generation: 2, hash: "B"),
        ])
        #expect(scheduler.inFlight.map(\.generation) == [2])
        // A third build abandons 2 only: 1 was abandoned once already.
        #expect(scheduler.handle(.built(hash: "C")) == [
            .abandon(generation: 2, job: nil),
            .submit(generation: 3, hash: "C"),
        ])
        // 2's job id arrives late: not tracked, and its callback is ignored.
        #expect(scheduler.handle(.submitted(generation: 2, job: "j2")) == [])
        #expect(scheduler.handle(.callback(job: "j2", completed: true)) == [])
        #expect(scheduler.generation(ofJob: "j2") == nil)
    }

    @Test func newerFinishingFirstWinsAndOlderIsDiscarded() {
        var scheduler = Scheduler()
        _ = scheduler.handle(.built(hash: "A"))
        _ = scheduler.handle(.submitted(generation: 1, job: "j1"))
        _ = scheduler.handle(.built(hash: "B"))
        _ = scheduler.handle(.submitted(generation: 2, job: "j2"))
        // 2 finishes before 1 and goes live.
        #expect(scheduler.handle(.finished(generation: 2, job: "j2")) == [.download(generation: 2, job: "j2")])
        #expect(scheduler.handle(.downloaded(generation: 2)) == [.apply(generation: 2)])
        #expect(scheduler.handle(.applied(generation: 2)) == [])
        // 1's results straggle in afterwards: discarded, never applied.
        #expect(scheduler.handle(.finished(generation: 1, job: "j1")) == [.discard(generation: 1)])
        #expect(scheduler.handle(.downloaded(generation: 1)) == [.discard(generation: 1)])
        #expect(scheduler.handle(.applied(generation: 1)) == [])
        #expect(scheduler.live == 2)
        #expect(scheduler.liveHash == "B")
    }

    @Test func olderDownloadCompletingDuringNewerSubmitIsDiscarded() {
        var scheduler = Scheduler()
        _ = scheduler.handle(.built(hash: "A"))
        _ = scheduler.handle(.submitted(generation: 1, job: "j1"))
        _ = scheduler.handle(.finished(generation: 1, job: "j1"))
        // Superseded mid-download: abandon names the job, the finished download is discarded.
        #expect(scheduler.handle(.built(hash: "B")) == [
            .abandon(generation: 1, job: "j1"),
            .submit(generation: 2, hash: "B"),
        ])
        #expect(scheduler.handle(.downloaded(generation: 1)) == [.discard(generation: 1)])
        #expect(scheduler.live == nil)
    }

    @Test func swapInProgressIsNotAbandonedAndNextApplyWaitsForIt() {
        var scheduler = Scheduler()
        _ = scheduler.handle(.built(hash: "A"))
        _ = scheduler.handle(.submitted(generation: 1, job: "j1"))
        _ = scheduler.handle(.finished(generation: 1, job: "j1"))
        #expect(scheduler.handle(.downloaded(generation: 1)) == [.apply(generation: 1)])
        // A new build while 1 is being swapped in: nothing to abandon.
        #expect(scheduler.handle(.built(hash: "B")) == [.submit(generation: 2, hash: "B")])
        _ = scheduler.handle(.submitted(generation: 2, job: "j2"))
        _ = scheduler.handle(.finished(generation: 2, job: "j2"))
        // 2 is ready before 1's swap returns: it waits, no two swaps at once.
        #expect(scheduler.handle(.downloaded(generation: 2)) == [])
        #expect(scheduler.inFlight.map(\.phase) == [.applying, .ready])
        #expect(scheduler.handle(.applied(generation: 1)) == [.apply(generation: 2)])
        #expect(scheduler.live == 1)
        #expect(scheduler.handle(.applied(generation: 2)) == [])
        #expect(scheduler.live == 2)
    }

    @Test func failedSwapReportsAndLetsTheWaitingGenerationGoLive() {
        var scheduler = Scheduler()
        _ = scheduler.handle(.built(hash: "A"))
        _ = scheduler.handle(.finished(generation: 1, job: "j1"))
        _ = scheduler.handle(.downloaded(generation: 1))
        _ = scheduler.handle(.built(hash: "B"))
        _ = scheduler.handle(.finished(generation: 2, job: "j2"))
        _ = scheduler.handle(.downloaded(generation: 2))
        #expect(scheduler.handle(.failed(generation: 1, job: "j1", error: "swap failed")) == [
            .report(generation: 1, error: "swap failed"),
            .apply(generation: 2),
        ])
        #expect(scheduler.handle(.applied(generation: 2)) == [])
        #expect(scheduler.live == 2)
        #expect(scheduler.lastFailure == nil)
    }

    @Test func failureKeepsLiveAndSameHashIsRetried() {
        var scheduler = Scheduler()
        _ = runToLive(&scheduler, hash: "A", job: "j1")
        _ = scheduler.handle(.built(hash: "B"))
        _ = scheduler.handle(.submitted(generation: 2, job: "j2"))
        #expect(scheduler.handle(.failed(generation: 2, job: "j2", error: "400: bad spec")) == [
            .report(generation: 2, error: "400: bad spec"),
        ])
        #expect(scheduler.live == 1)
        #expect(scheduler.liveHash == "A")
        #expect(scheduler.lastFailure == SchedulerFailure(generation: 2, job: "j2", error: "400: bad spec"))
        // Same content saved again (e.g. after a network error): retried, not `unchanged`.
        #expect(scheduler.handle(.built(hash: "B")) == [.submit(generation: 3, hash: "B")])
        _ = scheduler.handle(.submitted(generation: 3, job: "j3"))
        _ = scheduler.handle(.finished(generation: 3, job: "j3"))
        _ = scheduler.handle(.downloaded(generation: 3))
        _ = scheduler.handle(.applied(generation: 3))
        #expect(scheduler.liveHash == "B")
        #expect(scheduler.lastFailure == nil)
    }

    @Test func failureOfAbandonedGenerationIsNotReported() {
        var scheduler = Scheduler()
        _ = scheduler.handle(.built(hash: "A"))
        _ = scheduler.handle(.built(hash: "B"))
        #expect(scheduler.handle(.failed(generation: 1, job: nil, error: "cancelled")) == [])
        #expect(scheduler.lastFailure == nil)
    }

    @Test func revertingToLiveContentAfterFailureIsUnchangedAndClearsFailure() {
        var scheduler = Scheduler()
        _ = runToLive(&scheduler, hash: "A", job: "j1")
        _ = scheduler.handle(.built(hash: "B"))
        _ = scheduler.handle(.failed(generation: 2, job: nil, error: "boom"))
        #expect(scheduler.handle(.built(hash: "A")) == [.unchanged])
        #expect(scheduler.lastFailure == nil)
        #expect(scheduler.latestGeneration == 2)
    }

    @Test func revertingToLiveContentWhileBuildingAbandonsTheBuild() {
        var scheduler = Scheduler()
        _ = runToLive(&scheduler, hash: "A", job: "j1")
        _ = scheduler.handle(.built(hash: "B"))
        _ = scheduler.handle(.submitted(generation: 2, job: "j2"))
        #expect(scheduler.handle(.built(hash: "A")) == [.abandon(generation: 2, job: "j2"), .unchanged])
        #expect(scheduler.inFlight.isEmpty)
        #expect(scheduler.handle(.finished(generation: 2, job: "j2")) == [.discard(generation: 2)])
        #expect(scheduler.live == 1)
        // B again is a real change now.
        #expect(scheduler.handle(.built(hash: "B")) == [.submit(generation: 3, hash: "B")])
    }

    @Test func callbacksForUnknownOrOldJobsAreIgnored() {
        var scheduler = Scheduler()
        #expect(scheduler.handle(.callback(job: "nobody", completed: true)) == [])
        _ = scheduler.handle(.built(hash: "A"))
        _ = scheduler.handle(.submitted(generation: 1, job: "j1"))
        _ = scheduler.handle(.built(hash: "B"))
        _ = scheduler.handle(.submitted(generation: 2, job: "j2"))
        #expect(scheduler.handle(.callback(job: "j1", completed: true)) == [])
        #expect(scheduler.handle(.callback(job: "j1", completed: false)) == [])
        #expect(scheduler.generation(ofJob: "j1") == nil)
        #expect(scheduler.generation(ofJob: "j2") == 2)
        // The current job's callback drives the download, once even if the poll also sees it.
        #expect(scheduler.handle(.callback(job: "j2", completed: true)) == [.download(generation: 2, job: "j2")])
        #expect(scheduler.handle(.finished(generation: 2, job: "j2")) == [])
        #expect(scheduler.handle(.callback(job: "j2", completed: true)) == [])
    }

    @Test func failedCallbackAsksForAStatusCheck() {
        var scheduler = Scheduler()
        _ = scheduler.handle(.built(hash: "A"))
        _ = scheduler.handle(.submitted(generation: 1, job: "j1"))
        #expect(scheduler.handle(.callback(job: "j1", completed: false)) == [.checkStatus(generation: 1, job: "j1")])
    }

    @Test func unchangedDetectionIncludesStartUpHash() {
        var scheduler = Scheduler(liveHash: "A")
        #expect(scheduler.handle(.built(hash: "A")) == [.unchanged])
        #expect(scheduler.latestGeneration == 0)
        #expect(scheduler.handle(.built(hash: "B")) == [.submit(generation: 1, hash: "B")])
        // Same as the newest submitted, still in flight.
        #expect(scheduler.handle(.built(hash: "B")) == [.unchanged])
        _ = scheduler.handle(.submitted(generation: 1, job: "j1"))
        #expect(scheduler.handle(.built(hash: "B")) == [.unchanged])
        #expect(scheduler.inFlight.map(\.generation) == [1])
    }

    @Test func resultsForNeverIssuedGenerationsAreIgnored() {
        var scheduler = Scheduler()
        #expect(scheduler.handle(.finished(generation: 7, job: "x")) == [])
        #expect(scheduler.handle(.downloaded(generation: 7)) == [])
        #expect(scheduler.handle(.applied(generation: 7)) == [])
        #expect(scheduler.handle(.failed(generation: 7, job: nil, error: "e")) == [])
        #expect(scheduler.live == nil)
    }

    @Test func duplicateResultsForTheLiveGenerationDoNothing() {
        var scheduler = Scheduler()
        _ = runToLive(&scheduler, hash: "A", job: "j1")
        #expect(scheduler.handle(.finished(generation: 1, job: "j1")) == [])
        #expect(scheduler.handle(.downloaded(generation: 1)) == [])
        #expect(scheduler.handle(.applied(generation: 1)) == [])
    }

    @Test func finishedWithAnotherJobIdIsIgnored() {
        var scheduler = Scheduler()
        _ = scheduler.handle(.built(hash: "A"))
        _ = scheduler.handle(.submitted(generation: 1, job: "j1"))
        #expect(scheduler.handle(.finished(generation: 1, job: "other")) == [])
        #expect(scheduler.handle(.failed(generation: 1, job: "other", error: "e")) == [])
        #expect(scheduler.inFlight.first?.phase == .generating)
    }
}
