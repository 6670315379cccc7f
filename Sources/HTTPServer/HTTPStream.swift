import Synchronization

/// A chunked response body fed by a producer on any thread (Server-Sent Events).
///
/// Threading model: while the stream has nothing to send its connection is *suspended*
/// (libmicrohttpd's suspend/resume), so an idle stream holds no worker thread and never
/// times out; `send` and `close` resume it. 50 idle SSE clients therefore cost 50 sockets,
/// not 50 threads, and other requests keep flowing.
///
/// A client that disconnects while the stream is idle is noticed at the next `send`
/// (suspended sockets are not polled): that `send` returns true, later ones false. Send a
/// periodic comment line (": ping\n\n") to notice gone clients promptly.
public final class HTTPStream: Sendable {
    private struct State {
        var pending: [UInt8] = []
        var pendingStart = 0
        var closedByProducer = false
        /// The connection is over (client gone, response done, server stopped).
        var ended = false
        var attached = false
        /// Set while the connection is suspended waiting for data; whoever takes it resumes it.
        var parked: ConnectionHandle?
    }

    /// Buffered bytes beyond this mean the client does not keep up: the stream is ended.
    public static let maxBufferedBytes = 8 << 20

    private let state = Mutex(State())

    public init() {}

    /// Queues bytes for the client. Returns false once the connection is gone or closed.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        let (accepted, wake): (Bool, ConnectionHandle?) = state.withLock { s in
            if s.ended || s.closedByProducer { return (false, nil) }
            if s.pending.count - s.pendingStart + bytes.count > Self.maxBufferedBytes {
                // Too slow a reader: end it rather than grow without bound.
                s.ended = true
                s.pending = []
                s.pendingStart = 0
                let handle = s.parked
                s.parked = nil
                return (false, handle)
            }
            s.pending += bytes
            let handle = s.parked
            s.parked = nil
            return (true, handle)
        }
        wake?.resume()
        return accepted
    }

    /// Ends the response after the bytes already sent are flushed. Idempotent.
    public func close() {
        let wake = state.withLock { s -> ConnectionHandle? in
            s.closedByProducer = true
            let handle = s.parked
            s.parked = nil
            return handle
        }
        wake?.resume()
    }

    /// True once the client is known to be gone or the stream was closed.
    public var isFinished: Bool {
        state.withLock { $0.ended || $0.closedByProducer }
    }

    // MARK: - Used by the libmicrohttpd wrapper

    /// Claims the stream for one response; false if it already serves another one.
    func attach() -> Bool {
        state.withLock { s in
            if s.attached { return false }
            s.attached = true
            return true
        }
    }

    enum ReadResult { case bytes(Int), parked, endOfStream }

    /// Copies pending bytes into `buffer`, or parks (suspends) the connection while empty.
    func read(into buffer: UnsafeMutableRawBufferPointer, connection: ConnectionHandle) -> ReadResult {
        state.withLock { s in
            let available = s.pending.count - s.pendingStart
            if available > 0 {
                let count = min(available, buffer.count)
                s.pending.withUnsafeBytes { source in
                    buffer.baseAddress!.copyMemory(from: source.baseAddress! + s.pendingStart, byteCount: count)
                }
                s.pendingStart += count
                if s.pendingStart == s.pending.count {
                    s.pending.removeAll(keepingCapacity: true)
                    s.pendingStart = 0
                }
                return .bytes(count)
            }
            if s.ended || s.closedByProducer { return .endOfStream }
            // Suspend while holding the lock so a concurrent send can only resume afterwards.
            connection.suspend()
            s.parked = connection
            return .parked
        }
    }

    /// The response was destroyed: the connection is over for good.
    func detach() {
        state.withLock { s in
            s.ended = true
            s.parked = nil
            s.pending = []
            s.pendingStart = 0
        }
    }

    /// Server shutdown: wake a parked connection so it can finish before the daemon stops.
    func endForShutdown() {
        let wake = state.withLock { s -> ConnectionHandle? in
            s.ended = true
            let handle = s.parked
            s.parked = nil
            return handle
        }
        wake?.resume()
    }
}
