import Foundation

/// What the build directory holds right now, minus ignored and excluded paths, with one content
/// hash over it all: equal hashes mean an identical upload, so the build can be skipped.
///
/// Symlinks: a symlink to a regular file whose target lies inside the build directory is taken
/// as that file's content (the watcher sees edits of the target, so the build stays fresh).
/// Symlinks to directories are not followed (no loops, no escaping), and symlinks leading out
/// of the build directory or nowhere are skipped.
public struct Snapshot: Sendable {
    public struct File: Sendable, Equatable {
        /// Relative to the build root, `/`-separated, no leading `./`.
        public let relativePath: String
        /// The file to read when packing (the resolved target for a symlink).
        public let source: URL
        public let size: Int64
        public let digest: ContentDigest
    }

    public let build: BuildDirectory
    /// Sorted by the bytes of `relativePath`.
    public let files: [File]
    /// Every non-ignored directory (empty ones too), sorted, relative, without trailing `/`.
    public let directories: [String]
    /// XXH3-128 over, for each directory then file entry in path order: path, NUL, and for files
    /// the size (u64 LE) and the file's own XXH3-128. Per-file digests let `HashCache` skip
    /// rereading unchanged files.
    public let contentHash: String

    /// Walks `build`, skipping paths `ignore` rejects and the `excluding` directories. Each
    /// excluded directory also excludes its hidden siblings `.<name>.*` (the Swapper's staging,
    /// old and generation trees), since a preview may live inside the project folder.
    public static func scan(
        _ build: BuildDirectory, ignore: IgnoreRules, excluding: [URL] = [], cache: HashCache? = nil
    ) throws -> Snapshot {
        guard let root = POSIXFiles.realPath(build.root.path) else {
            throw BuildInputError(
                .buildDirectoryNotFound,
                "The build directory \(build.root.path) is gone. Recreate it or restart portald on the right folder.",
                path: build.root.path)
        }
        var walker = Walker(root: root, ignore: ignore, exclusions: excluding.compactMap(Exclusion.init))
        try walker.walk(relative: "", absolute: root)
        let directories = walker.directories.sorted(by: Self.pathOrder)
        let candidates = walker.files.sorted { pathOrder($0.relative, $1.relative) }

        let started = Date()
        var files: [File] = []
        files.reserveCapacity(candidates.count)
        for candidate in candidates {
            if let file = try hash(candidate, cache: cache, scanStarted: started) { files.append(file) }
        }

        let total = ContentHasher()
        forEachInPathOrder(directories: directories, files: files) { directory in
            total.update(Array((directory + "/").utf8) + [0])
        } file: { file in
            total.update(Array(file.relativePath.utf8) + [0])
            total.update(littleEndian: UInt64(file.size))
            total.update(littleEndian: file.digest.high)
            total.update(littleEndian: file.digest.low)
        }
        return Snapshot(build: build, files: files, directories: directories, contentHash: total.digest().hex)
    }

    /// Directories (as `dir/`) and files merged in one byte order, so a directory comes right
    /// before its contents: the order of the hash input and of the zip.
    func forEachInPathOrder(directory: (String) throws -> Void, file: (File) throws -> Void) rethrows {
        try Self.forEachInPathOrder(directories: directories, files: files, directory: directory, file: file)
    }

    private static func forEachInPathOrder(
        directories: [String], files: [File], directory: (String) throws -> Void, file: (File) throws -> Void
    ) rethrows {
        var directoryIndex = 0
        var fileIndex = 0
        while directoryIndex < directories.count || fileIndex < files.count {
            if fileIndex == files.count
                || (directoryIndex < directories.count
                    && pathOrder(directories[directoryIndex] + "/", files[fileIndex].relativePath)) {
                try directory(directories[directoryIndex])
                directoryIndex += 1
            } else {
                try file(files[fileIndex])
                fileIndex += 1
            }
        }
    }

    /// Byte order of UTF-8 paths: stable across locales and what `unzip -Z1` shows.
    static func pathOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    private static func hash(_ candidate: Walker.Candidate, cache: HashCache?, scanStarted: Date) throws -> File? {
        let source = candidate.source
        if let cache, let status = try? POSIXFiles.status(source),
           let digest = cache.digest(for: candidate.relative, status: status) {
            return File(relativePath: candidate.relative, source: URL(fileURLWithPath: source), size: status.size, digest: digest)
        }
        let hasher = ContentHasher()
        var size: Int64 = 0
        let status: POSIXFiles.Status
        do {
            status = try POSIXFiles.readChunks(source) { chunk in
                hasher.update(chunk)
                size += Int64(chunk.count)
            }
        } catch {
            // Gone between listing and reading: an editor's rename-save in flight; its
            // replacement brings a new watcher event and a new snapshot.
            if error.code == ENOENT && error.explanation == nil { return nil }
            throw BuildInputError(
                .unreadableFile,
                "Cannot read \(candidate.relative) in \(candidate.root): \(error.text). Make it a readable "
                    + "regular file, or list it in \(IgnoreRules.defaultFileName) to leave it out of the build.",
                path: source)
        }
        let digest = hasher.digest()
        cache?.store(digest, for: candidate.relative, status: status, size: size, scanStarted: scanStarted)
        return File(relativePath: candidate.relative, source: URL(fileURLWithPath: source), size: size, digest: digest)
    }
}

/// An excluded directory, compared by canonical parent path and name (it may not exist yet).
private struct Exclusion {
    let parent: String
    let name: String

    init?(_ url: URL) {
        let url = url.standardizedFileURL
        let name = url.lastPathComponent
        guard !name.isEmpty, name != "/", let parent = POSIXFiles.realPath(url.deletingLastPathComponent().path) else {
            return nil
        }
        self.parent = parent
        self.name = name
    }

    func covers(parent: String, name: String) -> Bool {
        parent == self.parent && (name == self.name || name.hasPrefix("." + self.name + "."))
    }
}

private struct Walker {
    struct Candidate {
        let relative: String
        let source: String
        let root: String
    }

    let root: String
    let ignore: IgnoreRules
    let exclusions: [Exclusion]
    var files: [Candidate] = []
    var directories: [String] = []

    init(root: String, ignore: IgnoreRules, exclusions: [Exclusion]) {
        self.root = root
        self.ignore = ignore
        self.exclusions = exclusions
    }

    mutating func walk(relative: String, absolute: String) throws {
        let names: [String]
        do {
            names = try POSIXFiles.directoryEntries(absolute)
        } catch {
            if error.code == ENOENT && !relative.isEmpty { return }
            throw BuildInputError(
                .unreadableFile,
                "Cannot list the folder \(relative.isEmpty ? "." : relative) in \(root): \(error.text). "
                    + "Fix its permissions, or list it in \(IgnoreRules.defaultFileName) to leave it out of the build.",
                path: absolute)
        }
        for name in names {
            if exclusions.contains(where: { $0.covers(parent: absolute, name: name) }) { continue }
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            let childAbsolute = absolute == "/" ? "/" + name : absolute + "/" + name
            guard let status = try? POSIXFiles.lstatus(childAbsolute) else { continue }  // vanished
            switch status.kind {
            case .directory:
                if ignore.isIgnored(childRelative, isDirectory: true) { continue }
                directories.append(childRelative)
                try walk(relative: childRelative, absolute: childAbsolute)
            case .symlink:
                if ignore.isIgnored(childRelative, isDirectory: false) { continue }
                guard let target = POSIXFiles.realPath(childAbsolute), target.hasPrefix(root == "/" ? "/" : root + "/"),
                      (try? POSIXFiles.status(target))?.kind == .regular
                else { continue }
                files.append(Candidate(relative: childRelative, source: target, root: root))
            case .regular, .other:
                // Special files (FIFOs, sockets) are kept so reading them reports a clear error.
                if ignore.isIgnored(childRelative, isDirectory: false) { continue }
                files.append(Candidate(relative: childRelative, source: childAbsolute, root: root))
            }
        }
    }
}
