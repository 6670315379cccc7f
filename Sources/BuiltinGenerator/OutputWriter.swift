import Diagnostics
import Foundation

/// Writes the rendered site; only regular files are copied from the build directory
/// (symlinks are skipped, so nothing outside the build directory can leak into a portal).
struct OutputWriter {
    let output: URL

    func write(_ text: String, to file: URL) throws {
        try createParent(of: file)
        do {
            // Not Data.write(to:): on Linux it fsyncs every file, which made rendering wait on the
            // disk; a portal is rebuilt from its input at will, so durability buys nothing here.
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
            }
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw PortaldError(kind: "io", message: "Could not write \(file.path): \(error.localizedDescription). Check free space and permissions of the output directory.")
        }
    }

    /// Copies build-relative `path` to the same relative path under the output.
    func copy(_ path: String, from buildRoot: URL) throws {
        let source = buildRoot.appendingPathComponent(path)
        let target = output.appendingPathComponent(path)
        guard !FileManager.default.fileExists(atPath: target.path) else { return }
        try createParent(of: target)
        do {
            try FileManager.default.copyItem(at: source, to: target)
        } catch {
            throw PortaldError(kind: "io", message: "Could not copy \(path) into the portal: \(error.localizedDescription).")
        }
    }

    /// Every regular file under build-relative `folder`.
    func copyTree(_ folder: String, from buildRoot: URL) throws {
        let root = buildRoot.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return }
        while let relative = enumerator.nextObject() as? String {
            if (relative as NSString).lastPathComponent.hasPrefix(".") { enumerator.skipDescendants(); continue }
            guard enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular else { continue }
            try copy(BuildPath.join(folder, relative), from: buildRoot)
        }
    }

    private func createParent(of file: URL) throws {
        let parent = file.deletingLastPathComponent()
        guard !FileManager.default.fileExists(atPath: parent.path) else { return }
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw PortaldError(kind: "io", message: "Could not create \(parent.path): \(error.localizedDescription).")
        }
    }
}
