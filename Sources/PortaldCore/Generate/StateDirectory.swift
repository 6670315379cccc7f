import BuildInput
import Foundation

/// portald's own working area (uploads, downloads, build reports, the embedded service's
/// jobs): the only place besides the preview that portald writes to.
public struct StateDirectory: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    /// `$XDG_STATE_HOME/portald/<project>-<hash of its path>` (else ~/.local/state/...).
    public static func `default`(for project: URL, environment: [String: String]) -> StateDirectory {
        let base: URL
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg)
        } else if let home = environment["HOME"] {
            base = URL(fileURLWithPath: home).appendingPathComponent(".local/state")
        } else {
            base = FileManager.default.temporaryDirectory
        }
        let id = String(ContentDigest.of(Array(project.path.utf8)).hex.prefix(12))
        return StateDirectory(root: base.appendingPathComponent("portald/\(project.lastPathComponent)-\(id)"))
    }

    public var uploads: URL { root.appendingPathComponent("uploads") }
    public var downloads: URL { root.appendingPathComponent("downloads") }
    public var reports: URL { root.appendingPathComponent("reports") }
    public var emulator: URL { root.appendingPathComponent("emulator") }

    /// Creates the folders, private to the user.
    public func prepare() throws {
        for folder in [root, uploads, downloads, reports, emulator] {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw PortaldErrorFactory.io("Cannot create portald's state directory \(folder.path)", error,
                                             hint: "Check that its parent is writable, or choose another with --state-dir DIR.")
            }
        }
    }
}
