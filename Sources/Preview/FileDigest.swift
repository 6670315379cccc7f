import CXXHash
import Synchronization

/// XXH3-128 (libxxhash) of file contents for ETags: the only place in Preview holding the
/// hash state. Printed as 32 hex digits, high half first, like BuildInput's ContentDigest.
enum FileDigest {
    static func of(_ descriptor: Descriptor) -> String? {
        guard let state = XXH3_createState() else { return nil }
        defer { XXH3_freeState(state) }
        XXH3_128bits_reset(state)
        let complete = descriptor.forEachChunk { chunk in
            if let base = chunk.baseAddress { XXH3_128bits_update(state, base, chunk.count) }
        }
        guard complete else { return nil }
        return text(XXH3_128bits_digest(state))
    }

    static func of(_ bytes: [UInt8]) -> String {
        text(bytes.withUnsafeBytes { XXH3_128bits($0.baseAddress, $0.count) })
    }

    private static func text(_ hash: XXH128_hash_t) -> String {
        hex(hash.high64) + hex(hash.low64)
    }

    private static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}

/// Digests by (device, inode, size, mtime), so a file is hashed once per version, not per
/// request. Swaps bring new inodes; the cache is simply emptied when it grows past its cap.
final class DigestCache: Sendable {
    private let entries = Mutex<[FileIdentity: String]>([:])
    private let capacity: Int

    init(capacity: Int = 16_384) {
        self.capacity = capacity
    }

    func digest(of descriptor: Descriptor, identity: FileIdentity) -> String? {
        if let known = entries.withLock({ $0[identity] }) { return known }
        // Hashed outside the lock: two first requests for one file may both hash it, harmlessly.
        guard let computed = FileDigest.of(descriptor) else { return nil }
        remember(computed, for: identity)
        return computed
    }

    /// For content already read into memory (HTML pages, which get the script injected).
    func digest(of bytes: [UInt8], identity: FileIdentity) -> String {
        if let known = entries.withLock({ $0[identity] }) { return known }
        let computed = FileDigest.of(bytes)
        remember(computed, for: identity)
        return computed
    }

    private func remember(_ computed: String, for identity: FileIdentity) {
        entries.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[identity] = computed
        }
    }

    var count: Int { entries.withLock { $0.count } }
}
