import Foundation

/// How a new generation was made live.
public enum SwapMethod: String, Sendable, Equatable {
    /// First generation: staging renamed into place.
    case rename
    /// renameat2(RENAME_EXCHANGE) of staging and preview, then the old tree removed.
    case exchange
    /// The preview is a symlink to a `.<name>.gen-<random>` tree, replaced by rename(2).
    case symlink
}

/// The live preview tree at `path`, replaced only ever as a whole: readers see the old
/// generation or the new one, never a missing, empty or half-written directory.
///
/// Every helper path is a sibling of `path` (same filesystem, so renames are atomic), named
/// after it: `.<name>.staging-<random>` (being filled), `.<name>.gen-<random>` (a generation
/// behind a symlink preview), `.<name>.link-<random>` (a symlink about to be renamed over the
/// preview). Anything left by a crash is removed by `removeStaleStaging()`.
///
/// Symlink fallback: where the filesystem refuses RENAME_EXCHANGE (EINVAL, ENOSYS,
/// EOPNOTSUPP), the preview becomes a symlink to a generation directory, and each swap renames a
/// fresh symlink over it. Turning the existing real directory into that symlink happens once and
/// can't be atomic (rename(2) won't put a symlink over a directory): the old directory is
/// renamed to a generation name and the symlink renamed in right after, so for that single
/// swap the preview path is missing for the time between two renames.
public struct PreviewDirectory: Sendable {
    public let path: URL
    /// Tests turn exchange off to drive the symlink fallback on filesystems that support it.
    let exchangeEnabled: Bool

    public init(path: URL) {
        self.init(path: path, exchangeEnabled: true)
    }

    init(path: URL, exchangeEnabled: Bool) {
        self.path = path.standardizedFileURL
        self.exchangeEnabled = exchangeEnabled
    }

    var name: String { path.lastPathComponent }
    var parent: URL { path.deletingLastPathComponent() }

    enum Role: String, CaseIterable {
        case staging, gen, link, old
    }

    /// Removes this preview's leftover staging, old, link and unused generation siblings
    /// (another preview's siblings in the same folder have another name and are left alone).
    public func removeStaleStaging() throws {
        let names: [String]
        do {
            names = try FileSystemCalls.directoryEntries(parent.path)
        } catch {
            if error.code == ENOENT { return }
            throw SwapError(
                "Cannot list \(parent.path) to clean up old preview staging folders: \(error.text). Check its permissions.",
                path: parent.path)
        }
        let live = liveGeneration()
        for name in names where role(of: name) != nil && name != live {
            try remove(parent.appendingPathComponent(name))
        }
    }

    /// A new empty private (0700) directory beside the preview, to be filled and swapped in.
    public func makeStaging() throws -> URL {
        do {
            try FileSystemCalls.makeDirectories(parent.path)
        } catch {
            throw SwapError(
                "Cannot create the preview folder's parent \(parent.path): \(error.text). "
                    + "Choose a writable location with --preview, or fix the permissions.",
                path: parent.path)
        }
        let staging = sibling(.staging)
        do {
            try FileSystemCalls.makeDirectory(staging.path, mode: 0o700)
        } catch {
            throw SwapError(
                "Cannot create the staging folder \(staging.path): \(error.text). "
                    + "Check that \(parent.path) is writable and the disk is not full, or choose another --preview.",
                path: staging.path)
        }
        return staging
    }

    /// Makes `staging` (from `makeStaging()`) the live preview.
    @discardableResult
    public func swap(in staging: URL) throws -> SwapMethod {
        let preview = path.path
        let current: FileSystemCalls.Kind
        do {
            current = try FileSystemCalls.kind(preview)
        } catch {
            throw SwapError("Cannot inspect the preview \(preview): \(error.text).", path: preview)
        }
        switch current {
        case .missing:
            try rename(staging.path, to: preview)
            return .rename
        case .symlink:
            try flipSymlink(to: staging)
            return .symlink
        case .other:
            throw SwapError(
                "The preview path \(preview) exists but is not a folder. Move it away or choose another --preview.",
                path: preview)
        case .directory:
            guard exchangeEnabled else {
                try flipSymlink(to: staging)
                return .symlink
            }
            do {
                try FileSystemCalls.exchange(staging.path, preview)
            } catch {
                if error.meansExchangeUnsupported {
                    try flipSymlink(to: staging)
                    return .symlink
                }
                throw SwapError(
                    "Cannot swap the new portal into \(preview): \(error.text). The previous preview is kept.",
                    path: preview)
            }
            // The old generation now sits at the staging path; removing it is housekeeping
            // (a failure leaves a staging folder that start-up cleans).
            try? FileManager.default.removeItem(at: staging)
            return .exchange
        }
    }

    /// Deletes a staging directory that won't be used (failed extraction, superseded job).
    public func discard(_ staging: URL) {
        guard staging.deletingLastPathComponent().standardizedFileURL.path == parent.path,
              role(of: staging.lastPathComponent) == .staging
        else { return }
        try? FileManager.default.removeItem(at: staging)
    }

    // MARK: - Symlink fallback

    private func flipSymlink(to staging: URL) throws {
        let preview = path.path
        let generation = sibling(.gen)
        try rename(staging.path, to: generation.path)
        let link = sibling(.link)
        do {
            try FileSystemCalls.symlink(at: link.path, pointingTo: generation.lastPathComponent)
        } catch {
            throw SwapError("Cannot create the preview symlink \(link.path): \(error.text). The previous preview is kept.", path: link.path)
        }
        var oldTree: URL?
        var retiredDirectory = false
        switch (try? FileSystemCalls.kind(preview)) ?? .missing {
        case .symlink:
            // Only a generation of ours is ever deleted, never the target of a user's own symlink.
            if let target = liveGeneration() { oldTree = parent.appendingPathComponent(target) }
        case .directory:
            // One-time transition from a real directory (see the type's documentation).
            let retired = sibling(.gen)
            try rename(preview, to: retired.path)
            oldTree = retired
            retiredDirectory = true
        default:
            break
        }
        do {
            try rename(link.path, to: preview)
        } catch {
            if retiredDirectory, let oldTree { try? FileSystemCalls.rename(oldTree.path, to: preview) }
            throw error
        }
        // The replaced generation stays until the next flip: a reader that followed the old
        // link a moment ago may still be looking up names inside it. Older ones go now.
        removeGenerations(except: [generation.lastPathComponent, oldTree?.lastPathComponent].compactMap { $0 })
    }

    /// Deletes this preview's `.<name>.gen-*` siblings other than `kept`.
    private func removeGenerations(except kept: [String]) {
        let siblings = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for sibling in siblings where role(of: sibling) == .gen && !kept.contains(sibling) {
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(sibling))
        }
    }

    /// The `.<name>.gen-*` sibling the preview symlink points at, if it is one.
    private func liveGeneration() -> String? {
        guard let target = try? FileSystemCalls.readLink(path.path), role(of: target) == .gen else { return nil }
        return target
    }

    // MARK: - Names

    private func sibling(_ role: Role) -> URL {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let suffix = String((0..<12).map { _ in alphabet.randomElement()! })
        return parent.appendingPathComponent(".\(name).\(role.rawValue)-\(suffix)")
    }

    /// Which helper a sibling name is, when it belongs to this preview.
    func role(of sibling: String) -> Role? {
        for role in Role.allCases {
            let prefix = ".\(name).\(role.rawValue)-"
            guard sibling.hasPrefix(prefix) else { continue }
            let suffix = sibling.dropFirst(prefix.count)
            if !suffix.isEmpty && suffix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { return role }
        }
        return nil
    }

    private func rename(_ from: String, to: String) throws {
        do {
            try FileSystemCalls.rename(from, to: to)
        } catch {
            throw SwapError("Cannot move \(from) to \(to): \(error.text). The previous preview is kept.", path: to)
        }
    }

    private func remove(_ url: URL) throws {
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            throw SwapError(
                "Cannot remove the leftover preview folder \(url.path): \(error.localizedDescription). Remove it by hand.",
                path: url.path)
        }
    }
}
