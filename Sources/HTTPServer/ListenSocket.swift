import Glibc

/// The listening socket, bound by us rather than by libmicrohttpd so a busy port or a bad
/// host becomes a precise error, and port 0 can be read back. All socket syscalls live here.
struct ListenSocket {
    let fd: Int32
    let port: UInt16
    /// Numeric address that was bound ("127.0.0.1", "::").
    let boundAddress: String

    static func bind(host: String, port: UInt16) throws(HTTPServerError) -> ListenSocket {
        // "localhost": IPv4 loopback only (see HTTPServerOptions.host).
        let lookupHost = host == "localhost" ? "127.0.0.1" : host
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(lookupHost, String(port), &hints, &list) == 0, let first = list else {
            throw HTTPServerError(.cannotResolve, host: host, port: port)
        }
        defer { freeaddrinfo(list) }

        let info = first.pointee
        let fd = socket(info.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw error(errno, host: host, port: port) }
        var one: Int32 = 1
        // Lets a restarted server rebind past TIME_WAIT; still fails while a listener holds the port.
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if info.ai_family == AF_INET6 {
            // Dual stack only for the IPv6 wildcard, so "::1" stays IPv6 loopback only.
            var v6only: Int32 = lookupHost == "::" ? 0 : 1
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &v6only, socklen_t(MemoryLayout<Int32>.size))
        }
        guard Glibc.bind(fd, info.ai_addr, info.ai_addrlen) == 0, listen(fd, 128) == 0 else {
            let code = errno
            close(fd)
            throw error(code, host: host, port: port)
        }

        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let code = errno
            close(fd)
            throw error(code, host: host, port: port)
        }
        let (address, realPort) = describe(&storage)
        return ListenSocket(fd: fd, port: realPort, boundAddress: address)
    }

    private static func describe(_ storage: inout sockaddr_storage) -> (String, UInt16) {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        if storage.ss_family == sa_family_t(AF_INET6) {
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    var addr = sin6.pointee.sin6_addr
                    inet_ntop(AF_INET6, &addr, &text, socklen_t(text.count))
                    return (cText(text), UInt16(bigEndian: sin6.pointee.sin6_port))
                }
            }
        }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                var addr = sin.pointee.sin_addr
                inet_ntop(AF_INET, &addr, &text, socklen_t(text.count))
                return (cText(text), UInt16(bigEndian: sin.pointee.sin_port))
            }
        }
    }

    private static func cText(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func error(_ code: Int32, host: String, port: UInt16) -> HTTPServerError {
        switch code {
        case EADDRINUSE: return HTTPServerError(.addressInUse, host: host, port: port)
        case EADDRNOTAVAIL: return HTTPServerError(.cannotResolve, host: host, port: port)
        case EACCES, EPERM: return HTTPServerError(.permissionDenied, host: host, port: port)
        default: return HTTPServerError(.socket(String(cString: strerror(code))), host: host, port: port)
        }
    }

    /// Only for a socket libmicrohttpd never took over (its stop closes the ones it owns).
    func closeUnowned() {
        close(fd)
    }
}
