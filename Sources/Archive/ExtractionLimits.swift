/// Caps that stop zip bombs and runaway archives, checked while data streams.
public struct ExtractionLimits: Sendable {
    /// Counted on bytes actually decompressed, never on the header's claim. Default 2 GiB.
    public var maxTotalBytes: Int64
    /// Default 100_000.
    public var maxEntries: Int
    /// Per-entry uncompressed/compressed ratio. Default 200.
    public var maxRatio: Int64
    /// The ratio is only checked once an entry has produced more than this. Default 1 MiB.
    public var ratioFloorBytes: Int64

    public init(maxTotalBytes: Int64 = 2 << 30, maxEntries: Int = 100_000,
                maxRatio: Int64 = 200, ratioFloorBytes: Int64 = 1 << 20) {
        self.maxTotalBytes = maxTotalBytes
        self.maxEntries = maxEntries
        self.maxRatio = maxRatio
        self.ratioFloorBytes = ratioFloorBytes
    }

    public static let `default` = ExtractionLimits()
}

public struct ExtractionSummary: Sendable, Equatable {
    public var files: Int
    public var directories: Int
    public var bytes: Int64

    public init(files: Int = 0, directories: Int = 0, bytes: Int64 = 0) {
        self.files = files
        self.directories = directories
        self.bytes = bytes
    }
}
