import NIOCore

/// What every worker shares: settings, queue names, the recorder, the event loops and the clock.
struct WorkerContext: Sendable {
    var configuration: BenchConfiguration
    var queues: [String]
    var recorder: Recorder
    var group: EventLoopGroup
    var clock: RunClock

    /// A client with its own connection and a fresh Client-ID. A consumer's goes to
    /// `consumerURL` when given, and its requests may take `wait` seconds longer.
    func makeClient(for role: Role) -> KeepAliveClient {
        let consumer = role == .consumer
        let seconds = configuration.requestTimeout + (consumer ? Double(configuration.wait) : 0)
        return KeepAliveClient(
            base: consumer ? configuration.consumerURL ?? configuration.url : configuration.url, group: group,
            timeout: .nanoseconds(Int64(seconds * 1e9)),
            project: configuration.project, clientID: RandomID.uuid())
    }

    /// Queue number `turn` in round-robin order.
    func queue(_ turn: Int) -> String { queues[turn % queues.count] }

    /// The checker's key of message `id` in `queue`.
    static func key(_ queue: String, _ id: String) -> String { queue + "/" + id }

    /// Waits `milliseconds` (used after an empty reply or an error).
    static func pause(_ milliseconds: Int = 50) async {
        try? await Task.sleep(nanoseconds: UInt64(milliseconds) * 1_000_000)
    }
}
