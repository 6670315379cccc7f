import Testing
@testable import Scheduler

/// Deterministic PRNG so a failing seed can be replayed.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A fake world around the scheduler: every action schedules the events the real daemon
/// would report later, delivered in random order (stale ones included), with random
/// failures. It checks the scheduler's promises after every step.
private struct World {
    var scheduler = Scheduler()
    var random: SplitMix64
    var failuresAllowed = true
    /// Events the world will still deliver, in any order.
    var pending: [SchedulerInput] = []

    // The model of what really happened.
    var live: Int?
    var hashes: [Int: String] = [:]
    var abandoned: Set<Int> = []
    var applyOutstanding: Int?
    var highestApplyIssued = 0
    var lastSubmitted = 0

    init(seed: UInt64) { random = SplitMix64(state: seed) }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    mutating func feed(_ input: SchedulerInput) {
        let actions = scheduler.handle(input)
        if case .callback(let job, _) = input, let generation = Int(job.dropFirst(4)), abandoned.contains(generation) {
            #expect(actions.isEmpty, "callback for abandoned \(job) produced \(actions)")
        }
        if case .applied(let generation) = input, applyOutstanding == generation {
            live = generation
            applyOutstanding = nil
        }
        if case .failed(let generation, _, _) = input, applyOutstanding == generation {
            applyOutstanding = nil
        }
        for action in actions { react(to: action, input: input) }
        #expect(scheduler.live == live)
        if let live { #expect(scheduler.liveHash == hashes[live]) }
    }

    mutating func react(to action: SchedulerAction, input: SchedulerInput) {
        switch action {
        case .unchanged:
            guard case .built = input else { Issue.record("unchanged for \(input)"); return }
        case .submit(let generation, let hash):
            #expect(generation == lastSubmitted + 1, "generations must increase by one")
            lastSubmitted = generation
            hashes[generation] = hash
            let job = "job-\(generation)"
            pending.append(failuresAllowed && chance(10)
                ? .failed(generation: generation, job: nil, error: "submit \(generation)")
                : .submitted(generation: generation, job: job))
        case .track(let generation, let job):
            #expect(!abandoned.contains(generation))
            if failuresAllowed && chance(10) {
                pending.append(chance(50)
                    ? .failed(generation: generation, job: job, error: "generation \(generation)")
                    : .callback(job: job, completed: false))
            } else {
                // Poll and callback may both report completion.
                pending.append(.finished(generation: generation, job: job))
                if chance(50) { pending.append(.callback(job: job, completed: true)) }
            }
        case .checkStatus(let generation, let job):
            pending.append(.failed(generation: generation, job: job, error: "status \(generation)"))
        case .abandon(let generation, _):
            #expect(!abandoned.contains(generation), "abandon \(generation) twice")
            #expect(applyOutstanding != generation, "abandoned a generation being swapped")
            abandoned.insert(generation)
            // The world keeps whatever stale events are already on their way.
        case .download(let generation, _):
            #expect(!abandoned.contains(generation))
            pending.append(failuresAllowed && chance(10)
                ? .failed(generation: generation, job: nil, error: "download \(generation)")
                : .downloaded(generation: generation))
        case .apply(let generation):
            #expect(!abandoned.contains(generation), "applied abandoned \(generation)")
            #expect(generation > (live ?? 0), "apply \(generation) not newer than live \(live ?? 0)")
            #expect(generation > highestApplyIssued, "apply \(generation) after \(highestApplyIssued)")
            #expect(applyOutstanding == nil, "two swaps at once")
            highestApplyIssued = max(highestApplyIssued, generation)
            applyOutstanding = generation
            pending.append(failuresAllowed && chance(5)
                ? .failed(generation: generation, job: nil, error: "swap \(generation)")
                : .applied(generation: generation))
        case .discard(let generation):
            #expect(generation != live, "discarded the live generation")
            #expect(generation != applyOutstanding)
        case .report(let generation, _):
            #expect(!abandoned.contains(generation), "reported abandoned \(generation)")
        }
    }

    mutating func deliverOne() {
        guard !pending.isEmpty else { return }
        let index = Int.random(in: 0..<pending.count, using: &random)
        feed(pending.remove(at: index))
    }
}

@Suite struct SchedulerInterleavingTests {
    @Test(arguments: 0..<100)
    func randomInterleavingsNeverRegressAndLastBuildWins(seed: Int) {
        var world = World(seed: UInt64(seed))
        for _ in 0..<300 {
            if world.pending.isEmpty || world.chance(25) {
                let hash = ["A", "B", "C", "D"].randomElement(using: &world.random)!
                world.feed(.built(hash: hash))
            } else {
                world.deliverOne()
            }
        }
        // From now on everything succeeds: a fresh build must end up live.
        world.failuresAllowed = false
        world.feed(.built(hash: "final"))
        let finalGeneration = world.lastSubmitted
        while !world.pending.isEmpty { world.deliverOne() }
        #expect(world.scheduler.live == finalGeneration)
        #expect(world.scheduler.liveHash == "final")
        #expect(world.scheduler.inFlight.isEmpty)
        #expect(world.scheduler.handle(.built(hash: "final")) == [.unchanged])
    }
}
