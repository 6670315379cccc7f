import CMicroHTTPD
import Glibc
import Synchronization

// The thin wrapper around libmicrohttpd: the only file with MHD calls and raw pointers.
// Callbacks are plain C functions; Swift state reaches them through `cls` pointers.

/// An MHD connection, passed between threads only for suspend/resume (both thread-safe
/// in MHD when the daemon runs with MHD_ALLOW_SUSPEND_RESUME).
struct ConnectionHandle: @unchecked Sendable {
    let raw: OpaquePointer

    func suspend() { MHD_suspend_connection(raw) }
    func resume() { MHD_resume_connection(raw) }
}

/// What the C callbacks need: the handler, limits, and the live streams (to wake on stop).
final class ServerContext: Sendable {
    let handler: @Sendable (HTTPRequest) -> HTTPResponse
    let maxBodyBytes: Int
    private let streams = Mutex<[ObjectIdentifier: HTTPStream]>([:])

    init(handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse, maxBodyBytes: Int) {
        self.handler = handler
        self.maxBodyBytes = maxBodyBytes
    }

    func register(_ stream: HTTPStream) {
        streams.withLock { $0[ObjectIdentifier(stream)] = stream }
    }

    func unregister(_ stream: HTTPStream) {
        _ = streams.withLock { $0.removeValue(forKey: ObjectIdentifier(stream)) }
    }

    func endAllStreams() {
        let live = streams.withLock { Array($0.values) }
        for stream in live { stream.endForShutdown() }
    }
}

/// Per-request state kept in MHD's `con_cls` between the access-handler calls.
private final class RequestState {
    var body: [UInt8] = []
    /// The raw request target (URI log callback), before libmicrohttpd decodes it.
    var target = ""
    /// The first (headers-only) access-handler call has happened.
    var started = false
    var tooLarge = false
    /// A response went out on the first call (declared body too large): ignore the rest.
    var responded = false
}

/// A stream bound to its response; retained by MHD until the response is destroyed.
private final class StreamBinding {
    let stream: HTTPStream
    let context: ServerContext
    let connection: ConnectionHandle

    init(stream: HTTPStream, context: ServerContext, connection: ConnectionHandle) {
        self.stream = stream
        self.context = context
        self.connection = connection
    }
}

/// A running MHD daemon. `stop` must be called exactly once (HTTPServer guarantees it).
struct MicroHTTPDaemon: @unchecked Sendable {
    private let raw: OpaquePointer

    static func start(socket: ListenSocket, options: HTTPServerOptions, context: ServerContext) -> MicroHTTPDaemon? {
        let cls = Unmanaged.passUnretained(context).toOpaque()
        let completed: MHD_RequestCompletedCallback = requestCompleted
        let uriLogged: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, OpaquePointer?) -> UnsafeMutableRawPointer? = requestStarted
        var items: [MHD_OptionItem] = [
            MHD_OptionItem(option: .LISTEN_SOCKET, value: Int(socket.fd), ptr_value: nil),
            MHD_OptionItem(option: .CONNECTION_TIMEOUT, value: Int(options.connectionTimeoutSeconds), ptr_value: nil),
            MHD_OptionItem(option: .CONNECTION_MEMORY_LIMIT, value: max(options.connectionMemoryLimit, 8 << 10), ptr_value: nil),
            MHD_OptionItem(option: .NOTIFY_COMPLETED, value: unsafeBitCast(completed, to: Int.self), ptr_value: nil),
            MHD_OptionItem(option: .URI_LOG_CALLBACK, value: unsafeBitCast(uriLogged, to: Int.self), ptr_value: nil),
        ]
        if options.threads > 1 {
            items.append(MHD_OptionItem(option: .THREAD_POOL_SIZE, value: options.threads, ptr_value: nil))
        }
        items.append(MHD_OptionItem(option: .END, value: 0, ptr_value: nil))

        // Error log off: failures surface as typed errors or HTTP statuses instead.
        let flags = MHD_USE_AUTO_INTERNAL_THREAD.rawValue | MHD_ALLOW_SUSPEND_RESUME.rawValue
        let daemon: OpaquePointer? = items.withUnsafeMutableBufferPointer { buffer in
            // MHD_start_daemon is variadic; the va_list form takes an .ARRAY.
            withVaList([CInt(MHD_OPTION.ARRAY.rawValue), buffer.baseAddress!, CInt(MHD_OPTION.END.rawValue)]) { args in
                MHD_start_daemon_va(flags, 0, nil, nil, accessHandler, cls, args)
            }
        }
        return daemon.map { MicroHTTPDaemon(raw: $0) }
    }

    /// Stops the worker threads and closes the listening socket and all connections.
    func stop() {
        MHD_stop_daemon(raw)
    }
}

// MARK: - C callbacks

/// Called with the raw request target before decoding; its result becomes `con_cls`, and
/// MHD then always reports completion, which releases it.
private func requestStarted(
    _ cls: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?, _ connection: OpaquePointer?
) -> UnsafeMutableRawPointer? {
    let state = RequestState()
    state.target = uri.map { String(cString: $0) } ?? ""
    return Unmanaged.passRetained(state).toOpaque()
}

private func requestCompleted(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ conCls: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ code: MHD_RequestTerminationCode
) {
    guard let slot = conCls, let state = slot.pointee else { return }
    Unmanaged<RequestState>.fromOpaque(state).release()
    slot.pointee = nil
}

private func accessHandler(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ url: UnsafePointer<CChar>?, _ method: UnsafePointer<CChar>?, _ version: UnsafePointer<CChar>?,
    _ uploadData: UnsafePointer<CChar>?, _ uploadSize: UnsafeMutablePointer<Int>?,
    _ conCls: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let cls, let connection, let uploadSize, let conCls else { return .NO }
    let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()

    let state: RequestState
    if let stateRaw = conCls.pointee {
        state = Unmanaged<RequestState>.fromOpaque(stateRaw).takeUnretainedValue()
    } else {
        state = RequestState()
        conCls.pointee = Unmanaged.passRetained(state).toOpaque()
    }
    if !state.started {
        // First call: headers only. Refuse a declared oversize body before reading it.
        state.started = true
        if let declared = MHD_lookup_connection_value(connection, .HEADER_KIND, "Content-Length"),
           let length = Int(String(cString: declared)), length > context.maxBodyBytes {
            state.tooLarge = true
            state.responded = true
            return queue(tooLarge(context), on: connection, context: context)
        }
        return .YES
    }
    if state.responded {
        uploadSize.pointee = 0
        return .YES
    }

    if uploadSize.pointee > 0 {
        // A body chunk; beyond the cap it is drained and dropped, then answered 413.
        let size = uploadSize.pointee
        if !state.tooLarge, let uploadData {
            if state.body.count + size > context.maxBodyBytes {
                state.tooLarge = true
                state.body = []
            } else {
                uploadData.withMemoryRebound(to: UInt8.self, capacity: size) {
                    state.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: size))
                }
            }
        }
        uploadSize.pointee = 0
        return .YES
    }

    if state.tooLarge {
        return queue(tooLarge(context), on: connection, context: context)
    }
    let request = HTTPRequest(
        method: method.map { String(cString: $0) } ?? "GET",
        path: url.map { String(cString: $0) } ?? "/",
        query: values(of: connection, kind: .GET_ARGUMENT_KIND, lowercased: false),
        headers: values(of: connection, kind: .HEADER_KIND, lowercased: true),
        body: state.body,
        target: state.target)
    state.body = []
    return queue(context.handler(request), on: connection, context: context)
}

private func tooLarge(_ context: ServerContext) -> HTTPResponse {
    .text(413, "The request body is larger than the limit of \(context.maxBodyBytes) bytes.\n")
}

private final class ValueCollector {
    var values: [String: String] = [:]
    let lowercased: Bool
    init(lowercased: Bool) { self.lowercased = lowercased }
}

private func values(of connection: OpaquePointer, kind: MHD_ValueKind, lowercased: Bool) -> [String: String] {
    let collector = ValueCollector(lowercased: lowercased)
    withExtendedLifetime(collector) {
        _ = MHD_get_connection_values(connection, kind, { cls, _, key, value in
            guard let cls, let key else { return .YES }
            let collector = Unmanaged<ValueCollector>.fromOpaque(cls).takeUnretainedValue()
            var name = String(cString: key)
            if collector.lowercased { name = name.lowercased() }
            let text = value.map { String(cString: $0) } ?? ""
            if collector.lowercased, let existing = collector.values[name] {
                collector.values[name] = existing + ", " + text
            } else {
                collector.values[name] = text
            }
            return .YES
        }, Unmanaged.passUnretained(collector).toOpaque())
    }
    return collector.values
}

// MARK: - Responses

private func queue(_ response: HTTPResponse, on connection: OpaquePointer, context: ServerContext) -> MHD_Result {
    var status = response.status
    var headers = response.headers
    let made: OpaquePointer?
    switch response.body {
    case .bytes(let bytes):
        made = bytes.withUnsafeBytes {
            MHD_create_response_from_buffer($0.count, UnsafeMutableRawPointer(mutating: $0.baseAddress), .RESPMEM_MUST_COPY)
        }
    case .file, .fileRange, .openFile:
        if let fileResponse = fileResponse(response.body) {
            made = fileResponse
        } else {
            status = 404
            headers = [("Content-Type", "text/plain; charset=utf-8")]
            let text = Array("Not found.\n".utf8)
            made = text.withUnsafeBytes {
                MHD_create_response_from_buffer($0.count, UnsafeMutableRawPointer(mutating: $0.baseAddress), .RESPMEM_MUST_COPY)
            }
        }
    case .stream(let stream):
        guard stream.attach() else {
            return queue(.text(500, "This stream already serves another response.\n"), on: connection, context: context)
        }
        let binding = StreamBinding(stream: stream, context: context, connection: ConnectionHandle(raw: connection))
        context.register(stream)
        made = MHD_create_response_from_callback(
            UInt64.max, 16 << 10, streamReader, Unmanaged.passRetained(binding).toOpaque(), streamFinished)
        if made == nil {
            stream.detach()
            context.unregister(stream)
        }
    }
    guard let made else { return .NO }
    defer { MHD_destroy_response(made) }
    for (name, value) in headers where name.lowercased() != "content-length" {
        _ = MHD_add_response_header(made, name, value)
    }
    return MHD_queue_response(connection, UInt32(clamping: status), made)
}

/// A response streaming (part of) a regular file (sendfile); nil if it cannot be opened as one.
private func fileResponse(_ body: HTTPBody) -> OpaquePointer? {
    let fd: Int32
    var offset: Int64 = 0
    var length: Int64?
    switch body {
    case .file(let file): fd = open(file, O_RDONLY | O_CLOEXEC)
    case .fileRange(let file, let from, let count):
        fd = open(file, O_RDONLY | O_CLOEXEC)
        offset = max(0, from)
        length = max(0, count)
    case .openFile(let file, let from, let count):
        fd = file.take()
        offset = max(0, from)
        length = max(0, count)
    default: return nil
    }
    guard fd >= 0 else { return nil }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
        close(fd)
        return nil
    }
    let available = max(0, Int64(info.st_size) - offset)
    let size = min(length ?? available, available)
    // MHD owns (and closes) the descriptor from here on.
    guard let response = MHD_create_response_from_fd_at_offset64(UInt64(size), fd, UInt64(min(offset, Int64(info.st_size)))) else {
        close(fd)
        return nil
    }
    return response
}

private func streamReader(
    _ cls: UnsafeMutableRawPointer?, _ position: UInt64, _ buffer: UnsafeMutablePointer<CChar>?, _ max: Int
) -> Int {
    guard let cls, let buffer else { return -2 }  // MHD_CONTENT_READER_END_WITH_ERROR
    let binding = Unmanaged<StreamBinding>.fromOpaque(cls).takeUnretainedValue()
    switch binding.stream.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: max), connection: binding.connection) {
    case .bytes(let count): return count
    case .parked: return 0  // legal because the connection is now suspended
    case .endOfStream: return -1  // MHD_CONTENT_READER_END_OF_STREAM
    }
}

private func streamFinished(_ cls: UnsafeMutableRawPointer?) {
    guard let cls else { return }
    let binding = Unmanaged<StreamBinding>.fromOpaque(cls).takeRetainedValue()
    binding.stream.detach()
    binding.context.unregister(binding.stream)
}
