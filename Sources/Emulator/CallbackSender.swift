import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs the completion notice to a job's X-APIMatic-CallbackUrl. Delivery is best effort,
/// like the real service: failures are not retried.
enum CallbackSender {
    struct Notice: Encodable {
        let id: String
        let status: String
        let link: String
    }

    static func send(_ notice: Notice, to url: String) async {
        guard let target = URL(string: url), let scheme = target.scheme?.lowercased(),
              scheme == "http" || scheme == "https" else { return }
        var request = URLRequest(url: target, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("portald-emulator", forHTTPHeaderField: "User-Agent")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        request.httpBody = try? encoder.encode(notice)
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            session.dataTask(with: request) { _, _, _ in done.resume() }.resume()
        }
    }
}
