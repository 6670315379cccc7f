import Foundation
import Testing
@testable import APIMatic

@Suite struct RedactionTests {
    let secret = "sk_live_DO-NOT-LEAK-4f2a9c"

    @Test func keyIsRedactedInEveryTextualForm() {
        let key = APIKey(secret)
        var dumped = ""
        dump(key, to: &dumped)
        let config = ClientConfig(baseURL: URL(string: "https://api.example.test")!, key: key)
        var dumpedConfig = ""
        dump(config, to: &dumpedConfig)
        for text in ["\(key)", String(describing: key), String(reflecting: key), dumped,
                     "\(config)", String(reflecting: config), dumpedConfig] {
            #expect(!text.contains(secret), "leaked in: \(text)")
        }
        #expect(key.description == "<redacted>")
    }
}
