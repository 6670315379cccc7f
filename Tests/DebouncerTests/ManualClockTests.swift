import Testing
import ManualClock

@Suite struct ManualClockTests {
    @Test func advanceWakesOnlyDueSleepersEarliestFirst() async throws {
        let clock = ManualClock()
        let start = clock.now
        let late = Task { try await clock.sleep(until: start.advanced(by: .milliseconds(30))) }
        let early = Task { try await clock.sleep(until: start.advanced(by: .milliseconds(10))) }
        await clock.waitForSleepers(2)
        #expect(clock.pendingDeadlines == [start.advanced(by: .milliseconds(10)), start.advanced(by: .milliseconds(30))])

        clock.advance(by: .milliseconds(15))
        try await early.value
        #expect(clock.sleeperCount == 1)
        #expect(clock.pendingDeadlines == [start.advanced(by: .milliseconds(30))])

        clock.advance(by: .milliseconds(15))
        try await late.value
        #expect(clock.sleeperCount == 0)
        #expect(clock.now == start.advanced(by: .milliseconds(30)))
    }

    @Test func sleepUntilPastDeadlineReturnsAtOnce() async throws {
        let clock = ManualClock()
        clock.advance(by: .seconds(1))
        try await clock.sleep(until: clock.now)
        try await clock.sleep(for: .zero)
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancellingASleeperThrowsAndUnparksIt() async {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(60)) }
        await clock.waitForSleepers(1)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancelledTaskNeverParks() async {
        let clock = ManualClock()
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: .seconds(60))
        }
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func sleepForUsesTheManualTimeline() async throws {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .milliseconds(100)) }
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(99))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .milliseconds(1))
        try await sleeper.value
        #expect(clock.now.offset == .milliseconds(100))
    }
}
