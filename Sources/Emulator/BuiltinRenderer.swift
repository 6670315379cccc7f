import BuiltinGenerator
import Foundation

/// The built-in generator behind the APIMatic-compatible service: its input problems become
/// a `ValidationError` status with the same `errors` map APIMatic would send.
public struct BuiltinRenderer: PortalRenderer {
    private let generator = PortalGenerator()

    public init() {}

    public func render(input: URL, output: URL) throws {
        do {
            try generator.render(input: input, output: output)
        } catch let failure as GeneratorFailure {
            throw RenderFailure(errors: failure.errors)
        }
    }
}
