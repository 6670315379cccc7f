import Synchronization
import Testing
import Debouncer
import ManualClock

/// A VCS lock the test can take and release.
private final class LockFlag: Sendable {
    private let held = Mutex(false)
    var isHeld: Bool {
        get { held.withLock { $0 } }
        set { held.withLock { $0 = newValue } }
    }
}

@Suite(.timeLimit(.minutes(1))) struct DebouncerTests {
    @Test func singleEventFiresAfterExactlyTheQuietPeriod() async {
        let clock = ManualClock()
        let debouncer = Debouncer(clock: clock)
        var batches = debouncer.batches.makeAsyncIterator()

        await debouncer.add(["spec/openapi.yaml"])
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(99))
        // The timer is still parked, so nothing can have fired.
        #expect(clock.sleeperCount == 1)
        #expect(await debouncer.pendingCount == 1)

        clock.advance(by: .milliseconds(1))
        #expect(await batches.next() == DebouncedBatch(paths: ["spec/openapi.yaml"]))
        #expect(clock.now.offset == .milliseconds(100))
        #expect(await debouncer.isWaiting == false)
    }

    @Test func everyEventRestartsTheQuietPeriod() async {
        let clock = ManualClock()
        let debouncer = Debouncer(clock: clock)
        var batches = debouncer.batches.makeAsyncIterator()

        await debouncer.add(["a.md"])
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(99))
        await debouncer.add(["b.md"])
        clock.advance(by: .milliseconds(1)) // 100 ms after a.md, 1 ms after b.md
        await clock.waitForSleepers(1)
        #expect(await debouncer.pendingCount == 2)
        #expect(clock.pendingDeadlines.map(\.offset) == [.milliseconds(199)])

        clock.advance(by: .milliseconds(99))
        #expect(await batches.next() == DebouncedBatch(paths: ["a.md", "b.md"]))
        #expect(clock.now.offset == .milliseconds(199))
    }

    @Test func steadyStreamFiresOnceAtMaxWait() async {
        let clock = ManualClock()
        let debouncer = Debouncer(clock: clock) // quiet 100 ms, max-wait 2 s
        var batches = debouncer.batches.makeAsyncIterator()

        var sent: [String] = []
        for index in 0..<40 { // one event every 50 ms: the quiet period never elapses
            let path = "content/page\(index).md"
            sent.append(path)
            await debouncer.add([path])
            await clock.waitForSleepers(1)
            #expect(await debouncer.pendingCount == index + 1, "fired early at \(clock.now)")
            clock.advance(by: .milliseconds(50))
        }
        #expect(clock.now.offset == .seconds(2))
        #expect(await batches.next() == DebouncedBatch(paths: sent.sorted()))

        // The next event starts a fresh batch with its own quiet period.
        await debouncer.add(["content/late.md"])
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(100))
        #expect(await batches.next() == DebouncedBatch(paths: ["content/late.md"]))
    }

    @Test func burstOfTenThousandEventsIsOneBatch() async {
        let clock = ManualClock()
        let debouncer = Debouncer(clock: clock)
        var batches = debouncer.batches.makeAsyncIterator()

        let paths = (0..<10_000).map { "static/img\($0).png" }
        for path in paths { await debouncer.add([path]) }
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(100))
        let batch = await batches.next()
        #expect(batch?.paths.count == 10_000)
        #expect(batch?.paths == paths.sorted())
        #expect(await debouncer.isWaiting == false)
    }

    @Test func burstSpanningMaxWaitIsTwoBatches() async {
        let clock = ManualClock()
        let debouncer = Debouncer(clock: clock)
        var batches = debouncer.batches.makeAsyncIterator()

        // 10,000 events over 2.5 s, 1 ms every 4 events: max-wait cuts it once at 2 s.
        let paths = (0..<10_000).map { "spec/part\($0).yaml" }
        for (index, path) in paths.enumerated() {
            await debouncer.add([path])
            guard index % 4 == 3 else { continue }
            await clock.waitForSleepers(1)
            clock.advance(by: .milliseconds(1))
            if clock.now.offset == .seconds(2) {
                #expect(await batches.next() == DebouncedBatch(paths: paths[..<8000].sorted()))
            }
        }
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(100))
        #expect(await batches.next() == DebouncedBatch(paths: paths[8000...].sorted()))
        #expect(await debouncer.isWaiting == false)
    }

    @Test func burstWithLaggingTimerIsAtMostTwoBatches() async {
        let clock = ManualClock()
        let debouncer = Debouncer(clock: clock)
        var batches = debouncer.batches.makeAsyncIterator()

        // The clock runs ahead of the timer task (no waiting): late wake-ups must still
        // cut at most once at max-wait and lose nothing.
        let paths = (0..<10_000).map { "spec/part\($0).yaml" }
        for (index, path) in paths.enumerated() {
            await debouncer.add([path])
            if index % 4 == 3 { clock.advance(by: .milliseconds(1)) }
        }
        clock.advance(by: .milliseconds(100))

        var received: Set<String> = []
        var count = 0
        while received.count < paths.count, let batch = await batches.next() {
            count += 1
            #expect(batch.paths == batch.paths.sorted())
            #expect(received.isDisjoint(with: batch.paths))
            received.formUnion(batch.paths)
        }
        #expect(received == Set(paths))
        #expect((1...2).contains(count))
    }

    @Test func heldVCSLockDelaysFiringUntilReleased() async {
        let clock = ManualClock()
        let lock = LockFlag()
        lock.isHeld = true
        let debouncer = Debouncer(clock: clock, isVCSLocked: { lock.isHeld })
        var batches = debouncer.batches.makeAsyncIterator()

        await debouncer.add(["APIMATIC-BUILD.json"])
        // Well past quiet and max-wait: it keeps re-checking every quiet period.
        for step in 1...30 {
            await clock.waitForSleepers(1)
            #expect(await debouncer.pendingCount == 1, "fired while locked at step \(step)")
            clock.advance(by: .milliseconds(100))
        }
        await clock.waitForSleepers(1)
        #expect(clock.pendingDeadlines.map(\.offset) == [.milliseconds(3100)])
        await debouncer.add(["spec/openapi.json"])

        lock.isHeld = false
        clock.advance(by: .milliseconds(100))
        #expect(await batches.next() == DebouncedBatch(paths: ["APIMATIC-BUILD.json", "spec/openapi.json"]))
        #expect(clock.now.offset == .milliseconds(3100))
    }

    @Test func duplicatePathsAreMergedAndRescanIsKept() async {
        let clock = ManualClock()
        let debouncer = Debouncer(clock: clock)
        var batches = debouncer.batches.makeAsyncIterator()

        await debouncer.add(["b", "a", "b"])
        await debouncer.add(["a", "c"])
        await debouncer.add([], rescan: true)
        await debouncer.add(["c"])
        #expect(await debouncer.pendingCount == 3)
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(100))
        #expect(await batches.next() == DebouncedBatch(paths: ["a", "b", "c"], rescan: true))

        // Rescan does not leak into the next batch; an empty event is no event.
        await debouncer.add([])
        #expect(await debouncer.isWaiting == false)
        await debouncer.add(["d"])
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(100))
        #expect(await batches.next() == DebouncedBatch(paths: ["d"], rescan: false))
    }

    @Test func inputStreamDrivesTheDebouncer() async {
        let clock = ManualClock()
        let debouncer = Debouncer(clock: clock)
        let (input, feed) = AsyncStream.makeStream(of: [String].self)
        let runner = Task { await debouncer.run(input) }
        var batches = debouncer.batches.makeAsyncIterator()

        feed.yield(["content/guide.md"])
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(100))
        #expect(await batches.next() == DebouncedBatch(paths: ["content/guide.md"]))

        // The input ending stops the debouncer and finishes its output.
        feed.finish()
        await runner.value
        #expect(await batches.next() == nil)
    }

    @Test func cancellationStopsTimerAndFinishesOutput() async {
        let clock = ManualClock()
        let debouncer = Debouncer(clock: clock)
        let (input, feed) = AsyncStream.makeStream(of: [String].self)
        let runner = Task { await debouncer.run(input) }

        feed.yield(["content/guide.md"])
        await clock.waitForSleepers(1)
        runner.cancel()
        await runner.value

        var received: [DebouncedBatch] = []
        for await batch in debouncer.batches { received.append(batch) }
        #expect(received.isEmpty)
        #expect(clock.sleeperCount == 0) // the timer left the clock
        // Events after the stop are ignored.
        await debouncer.add(["late.md"])
        #expect(await debouncer.isWaiting == false)
        #expect(clock.sleeperCount == 0)
    }
}
