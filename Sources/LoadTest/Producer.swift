/// Posts batches of tagged messages round-robin to the queues until the producing phase ends.
struct Producer: Sendable {
    let index: Int
    let context: WorkerContext

    func run() async {
        let config = context.configuration
        let client = context.makeClient(for: .producer)
        defer { client.close() }
        var sequence = 0
        var turn = index
        var phase = await context.recorder.phase
        while phase == .producing, context.clock.seconds < config.duration {
            let count = await context.recorder.reserve(config.batch)
            if count == 0 { break }
            let queue = context.queue(turn)
            turn += 1
            let tags = (sequence..<sequence + count).map { MessagePayload.tag(worker: index, sequence: $0) }
            sequence += count
            let body = MessagePayload.batch(tags: tags, bodyBytes: config.bodyBytes, ttl: config.messageTTL, api: config.api)
            let outcome = await client.send(.POST, "/queues/\(queue)/messages", body: body)
            let ids = Self.postedIDs(outcome, expected: count)
            var events: [QueueChecker.Event] = []
            if let ids {
                if config.check {
                    let at = context.clock.seconds
                    events = zip(ids, tags).map { .posted(message: WorkerContext.key(queue, $0), at: at, ttl: config.messageTTL, tag: $1) }
                }
            } else {
                await context.recorder.release(count)
                if config.check, Self.mayHaveStored(outcome.status) { events = [.uncertainPost(tags: tags)] }
            }
            let acknowledged = ids == nil ? 0 : count
            phase = await context.recorder.record(.producer, .post, outcome, messages: acknowledged, events: events)
            if acknowledged == 0 { await WorkerContext.pause() }
        }
    }

    /// The message ids of a 201 reply with exactly `expected` resources, else nil.
    private static func postedIDs(_ outcome: KeepAliveClient.Outcome, expected: Int) -> [String]? {
        guard let response = outcome.response, response.status == 201 else { return nil }
        guard let ids = ResponseParser.postedIDs(response.body), ids.count == expected else { return nil }
        return ids
    }

    /// A 201 we could not read, a 5xx or a broken connection may still have stored the messages.
    private static func mayHaveStored(_ status: Int?) -> Bool {
        guard let status else { return true }
        return status == 201 || status >= 500
    }
}
