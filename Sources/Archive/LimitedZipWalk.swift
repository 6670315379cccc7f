/// Walks a zip's entries and streams their data under `ExtractionLimits`; shared by
/// `ZipReader` and `Extractor` so both stop a bomb the same way, before handing data on.
struct LimitedZipWalk {
    let archivePath: String
    let limits: ExtractionLimits
    private let reader: ZipFileReader
    private(set) var entryCount = 0
    private(set) var totalBytes: Int64 = 0
    private var current: String?

    init(archivePath: String, limits: ExtractionLimits) throws(ArchiveError) {
        self.archivePath = archivePath
        self.limits = limits
        do { reader = try ZipFileReader(path: archivePath) } catch {
            throw Self.readFailure(error, archive: archivePath, entry: nil)
        }
    }

    /// Next header, or nil at the end. Enforces the entry count.
    mutating func next() throws(ArchiveError) -> RawEntry? {
        let entry: RawEntry?
        do { entry = try reader.next() } catch { throw Self.readFailure(error, archive: archivePath, entry: current) }
        guard let entry else { return nil }
        current = entry.displayPath
        entryCount += 1
        if entryCount > limits.maxEntries {
            throw .unsafe(.tooManyEntries, archive: archivePath, entry: entry.displayPath,
                          detail: "the archive has more than \(limits.maxEntries) entries")
        }
        if let declared = entry.declaredSize, declared > limits.maxTotalBytes - totalBytes {
            throw totalBytesError(entry.displayPath)
        }
        return entry
    }

    /// Streams the current entry's data to `sink` chunk by chunk; each chunk is checked
    /// against the total and ratio limits before `sink` sees it. Returns the entry's size.
    @discardableResult
    mutating func streamData(_ sink: ([UInt8]) throws(ArchiveError) -> Void) throws(ArchiveError) -> Int64 {
        let name = current ?? "<unnamed>"
        let compressedStart = reader.rawBytesConsumed
        var produced: Int64 = 0
        while true {
            let chunk: [UInt8]?
            do { chunk = try reader.readChunk() } catch { throw Self.readFailure(error, archive: archivePath, entry: name) }
            guard let chunk else { return produced }
            produced += Int64(chunk.count)
            if totalBytes + Int64(chunk.count) > limits.maxTotalBytes { throw totalBytesError(name) }
            totalBytes += Int64(chunk.count)
            if produced > limits.ratioFloorBytes {
                // libarchive reads ahead a block at a time, so allow one block of slack.
                let compressed = reader.rawBytesConsumed - compressedStart + Int64(ZipFileReader.blockSize)
                if produced / compressed > limits.maxRatio {
                    throw .unsafe(.compressionRatio, archive: archivePath, entry: name,
                                  detail: "\(produced) bytes came from about \(compressed) compressed bytes, "
                                      + "more than \(limits.maxRatio):1")
                }
            }
            try sink(chunk)
        }
    }

    private func totalBytesError(_ name: String) -> ArchiveError {
        .unsafe(.totalBytes, archive: archivePath, entry: name,
                detail: "the archive expands to more than \(limits.maxTotalBytes) bytes")
    }

    static func readFailure(_ failure: LibArchiveFailure, archive: String, entry: String?) -> ArchiveError {
        failure.isSystemError
            ? .io(archive: archive, entry: entry, doing: "read", reason: failure.reason)
            : .corrupt(archive: archive, entry: entry, libarchive: failure.reason)
    }
}
