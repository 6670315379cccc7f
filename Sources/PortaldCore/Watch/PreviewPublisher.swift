/// Where the daemon tells the browser what happened (the preview server's live-reload
/// channel); the daemon works the same without one (`--no-serve`).
public protocol PreviewPublisher: Sendable {
    /// Its address, for the `ready` event and the localhost baseUrl rewrite.
    var url: String { get }
    func building(generation: Int)
    func reloaded(generation: Int)
    func failed(_ error: ErrorPayload)
    /// The failure shown is no longer true (the input was reverted to what is live).
    func cleared()
    func stop()
}
