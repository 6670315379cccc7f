import Foundation
import HTTPServer
import Synchronization

/// The connected event-stream clients and what a newcomer must be told: the live
/// generation, a build in progress, the last failure (until the next good reload).
/// Every send happens under one lock, so each client sees events in publication order and
/// a client joining mid-publication gets either the event or the state that includes it.
final class LiveReloadHub: Sendable {
    private struct State {
        var clients: [HTTPStream] = []
        var generation = 0
        /// When `generation` went live (seconds since 1970): injected pages change then.
        var liveSince = 0
        var building: Int?
        var lastError: LiveEvent?
        var closed = false
    }

    private let state = Mutex(State())

    /// The generation of the tree being served, as last announced by `reload`.
    var liveGeneration: Int { state.withLock { $0.generation } }

    /// The live generation and when it went live, read together.
    var live: (generation: Int, since: Int) { state.withLock { ($0.generation, $0.liveSince) } }

    var clientCount: Int { state.withLock { $0.clients.count } }

    /// A new client's stream, already holding the greeting and the current state.
    func connect() -> HTTPStream {
        let stream = HTTPStream()
        state.withLock { s in
            if s.closed {
                stream.close()
                return
            }
            stream.send(EventStreamFormat.hello(generation: s.generation))
            if let building = s.building { stream.send(EventStreamFormat.encode(.building(generation: building))) }
            if let error = s.lastError { stream.send(EventStreamFormat.encode(error)) }
            s.clients.append(stream)
        }
        return stream
    }

    func publish(_ event: LiveEvent) {
        let bytes = EventStreamFormat.encode(event)
        state.withLock { s in
            switch event {
            case .building(let generation):
                s.building = generation
            case .reload(let generation):
                s.generation = generation
                s.liveSince = Int(Date().timeIntervalSince1970)
                s.lastError = nil
                if let building = s.building, building <= generation { s.building = nil }
            case .error:
                s.lastError = event
                s.building = nil
            }
            Self.broadcast(bytes, in: &s)
        }
    }

    /// A comment to every client; the ones whose connection is gone are dropped.
    func heartbeat() {
        state.withLock { Self.broadcast(EventStreamFormat.heartbeat, in: &$0) }
    }

    func closeAll() {
        let clients = state.withLock { s -> [HTTPStream] in
            s.closed = true
            defer { s.clients = [] }
            return s.clients
        }
        for client in clients { client.close() }
    }

    private static func broadcast(_ bytes: [UInt8], in s: inout State) {
        s.clients.removeAll { !$0.send(bytes) }
    }
}
