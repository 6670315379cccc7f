import APIMatic
import Emulator
import Foundation

/// The service generations talk to, always through the same HTTP client: the hosted APIMatic
/// API, or the APIMatic-compatible service embedded in this process on a loopback port.
public final class GeneratorEndpoint: Sendable {
    public let client: APIMaticClient
    public let name: String
    private let embedded: Emulator?

    public static func start(_ choice: GeneratorChoice, key: APIKey?, pollCap: Duration, timeout: Duration,
                             state: StateDirectory) throws -> GeneratorEndpoint {
        switch choice {
        case .remote(let url):
            guard let key else { preconditionFailure("GenerateConfig requires a key for a remote generator") }
            return GeneratorEndpoint(url: url, key: key, pollInitial: .milliseconds(200), pollCap: pollCap,
                                     timeout: timeout, embedded: nil, name: url.absoluteString)
        case .builtin:
            var options = EmulatorOptions()
            options.workDirectory = state.emulator
            let emulator = try Emulator(options: options)
            // A per-process key: the embedded service is on loopback, but still not open to all.
            let key = APIKey("builtin-" + UUID().uuidString)
            return GeneratorEndpoint(url: URL(string: emulator.baseURL)!, key: key, pollInitial: .milliseconds(10),
                                     pollCap: min(pollCap, .milliseconds(100)), timeout: timeout,
                                     embedded: emulator, name: "builtin")
        }
    }

    private init(url: URL, key: APIKey, pollInitial: Duration, pollCap: Duration, timeout: Duration,
                 embedded: Emulator?, name: String) {
        var config = ClientConfig(baseURL: url, key: key, userAgent: "portald/\(HelpText.version) (Linux; Swift)")
        config.pollInitial = pollInitial
        config.pollCap = pollCap
        config.timeout = timeout
        if embedded != nil { config.serviceName = "The built-in generator" }
        self.client = APIMaticClient(config: config)
        self.embedded = embedded
        self.name = name
    }

    public func stop() { embedded?.stop() }
}
