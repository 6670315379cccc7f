import Foundation
import Testing
@testable import APIMatic

@Suite struct RetryAndBackoffTests {
    let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT

    @Test func retryAfterSeconds() {
        #expect(RetryAfter.parse("120", now: now) == .seconds(120))
        #expect(RetryAfter.parse(" 0 ", now: now) == .zero)
        #expect(RetryAfter.parse("-3", now: now) == nil)
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse(nil, now: now) == nil)
        #expect(RetryAfter.parse("", now: now) == nil)
    }

    @Test func retryAfterHTTPDateInAllThreeForms() {
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:47 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.parse("Sunday, 06-Nov-94 08:50:37 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.parse("Sun Nov  6 08:49:40 1994", now: now) == .seconds(3))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == .zero)
    }

    @Test func retryAfterDateIsMeasuredFromTheResponseDate() {
        let headers = ["date": "Sun, 06 Nov 1994 08:49:37 GMT", "retry-after": "Sun, 06 Nov 1994 08:49:42 GMT"]
        // The local clock is a day off; the server's own Date header is the reference.
        #expect(RetryAfter.delay(headers: headers, localNow: now.addingTimeInterval(86_400)) == .seconds(5))
    }

    @Test func pollScheduleStartsSoonAndGrowsToTheCap() {
        var schedule = PollSchedule(initial: .milliseconds(200), cap: .seconds(3))
        let delays = (0..<10).map { _ in schedule.next() }
        #expect(delays[0] == .milliseconds(200))
        #expect(delays[1] == .milliseconds(300))
        #expect(delays[2] == .milliseconds(450))
        #expect(zip(delays, delays.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(delays.last == .seconds(3))
        #expect(delays.allSatisfy { $0 <= .seconds(3) })
    }

    @Test func pollScheduleNeverStallsAtZero() {
        var schedule = PollSchedule(initial: .zero, cap: .seconds(1))
        #expect(schedule.next() == .zero)
        #expect(schedule.next() > .zero)
    }

    @Test func retryBackoffDoublesUnlessTheServerSaysOtherwise() {
        #expect(RetryBackoff.delay(attempt: 0, retryAfter: nil) == .milliseconds(500))
        #expect(RetryBackoff.delay(attempt: 1, retryAfter: nil) == .seconds(1))
        #expect(RetryBackoff.delay(attempt: 2, retryAfter: nil) == .seconds(2))
        #expect(RetryBackoff.delay(attempt: 20, retryAfter: nil) == .seconds(30))
        #expect(RetryBackoff.delay(attempt: 0, retryAfter: .seconds(9)) == .seconds(9))
    }
}
