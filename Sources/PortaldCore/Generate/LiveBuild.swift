import Foundation

/// Which build input the preview holds (content hash, generator, base URL), recorded in the
/// state directory after each swap, so a restarted daemon with unchanged input and the same
/// generator has nothing to generate.
public struct LiveBuild: Codable, Sendable, Equatable {
    public var preview: String
    public var hash: String
    public var generator: String
    public var baseURL: String?

    static func file(in state: StateDirectory) -> URL { state.root.appendingPathComponent("live-build.json") }

    func record(in state: StateDirectory) {
        guard let data = try? JSONEncoder().encode(self) else { return }
        try? data.write(to: Self.file(in: state), options: .atomic)
    }

    /// The recorded build, if it is for this preview and the preview still exists.
    static func recorded(in state: StateDirectory, preview: URL) -> LiveBuild? {
        guard let data = try? Data(contentsOf: file(in: state)),
              let build = try? JSONDecoder().decode(LiveBuild.self, from: data),
              build.preview == preview.path,
              FileManager.default.fileExists(atPath: preview.appendingPathComponent("index.html").path) else { return nil }
        return build
    }
}
