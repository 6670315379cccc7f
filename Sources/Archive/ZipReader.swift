public struct ZipEntryInfo: Sendable, Equatable {
    public var path: String
    public var kind: ZipEntryKind
    /// Bytes of data actually decompressed (0 for directories and links).
    public var size: Int64

    public init(path: String, kind: ZipEntryKind, size: Int64) {
        self.path = path
        self.kind = kind
        self.size = size
    }
}

public enum ZipEntryKind: Sendable, Equatable {
    case file, directory, symlink(target: String), hardlink(target: String), other
}

/// Reads entries one by one (streaming); `body` gets each entry's info and, for regular files,
/// its bytes (only when `readContents` is true), enforcing the same limits as extraction.
/// File data is always decompressed (CRC-checked and counted), even when not returned.
public enum ZipReader {
    public static func forEachEntry(in path: String, readContents: Bool, limits: ExtractionLimits = .default,
                                    _ body: (ZipEntryInfo, [UInt8]?) throws -> Void) throws {
        var walk = try LimitedZipWalk(archivePath: path, limits: limits)
        while let entry = try walk.next() {
            let kind: ZipEntryKind
            switch entry.kind {
            case .file: kind = .file
            case .directory: kind = .directory
            case .symlink: kind = .symlink(target: entry.linkTarget ?? "")
            case .hardlink: kind = .hardlink(target: entry.linkTarget ?? "")
            case .other: kind = .other
            }
            guard kind == .file else {
                try body(ZipEntryInfo(path: entry.displayPath, kind: kind, size: 0), nil)
                continue
            }
            var contents: [UInt8] = []
            let size = try walk.streamData { chunk in
                if readContents { contents += chunk }
            }
            try body(ZipEntryInfo(path: entry.displayPath, kind: kind, size: size), readContents ? contents : nil)
        }
    }
}
