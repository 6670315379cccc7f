import Foundation

/// What a running `portald watch` leaves in its state directory, so `portald status` and
/// `portald stop` can find it: its pid, project, preview and server URL.
struct DaemonRecord: Codable, Sendable {
    var pid: Int32
    var project: String
    var preview: String
    var url: String?
    var started: String

    static func file(in state: StateDirectory) -> URL { state.root.appendingPathComponent("daemon.json") }

    func write(in state: StateDirectory) throws {
        try JSONEncoder().encode(self).write(to: Self.file(in: state), options: .atomic)
    }

    static func remove(in state: StateDirectory) {
        try? FileManager.default.removeItem(at: file(in: state))
    }

    /// The record of a daemon that is still running (a stale record of a dead one is removed).
    static func running(in state: StateDirectory) -> DaemonRecord? {
        guard let data = try? Data(contentsOf: file(in: state)),
              let record = try? JSONDecoder().decode(DaemonRecord.self, from: data) else { return nil }
        guard kill(record.pid, 0) == 0 || errno == EPERM else {
            remove(in: state)
            return nil
        }
        return record
    }
}
