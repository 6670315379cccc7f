import CXXHash

/// A 128-bit XXH3 digest, printed as 32 lowercase hex characters (high half first, as xxhsum does).
public struct ContentDigest: Sendable, Hashable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public var hex: String {
        func pad(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return pad(high) + pad(low)
    }

    public var description: String { hex }

    /// The digest of one in-memory buffer (ids, ETags); files go through the streaming hasher.
    public static func of(_ bytes: [UInt8]) -> ContentDigest {
        let hasher = ContentHasher()
        hasher.update(bytes)
        return hasher.digest()
    }
}

/// Streaming XXH3-128 over libxxhash: the only place in BuildInput holding its state pointer.
struct ContentHasher: ~Copyable {
    private let state: OpaquePointer

    init() {
        guard let state = XXH3_createState() else { fatalError("XXH3_createState: out of memory") }
        self.state = state
        XXH3_128bits_reset(state)
    }

    deinit { XXH3_freeState(state) }

    func update(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        XXH3_128bits_update(state, base, buffer.count)
    }

    func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    func update(littleEndian value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { update($0) }
    }

    func digest() -> ContentDigest {
        let hash = XXH3_128bits_digest(state)
        return ContentDigest(high: hash.high64, low: hash.low64)
    }
}
