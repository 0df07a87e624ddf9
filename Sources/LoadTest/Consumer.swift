import NIOCore

/// Claims messages round-robin from the queues and deletes each with its claim id; after the
/// producers stop it drains until every queue answered 204 and counts no message (a lapsing
/// claim still holds some), or the drain deadline passed. With `wait` the claims long-poll while
/// producing (a 204 then came after waiting, and the next claim goes out at once); draining
/// claims do not wait.
struct Consumer: Sendable {
    let index: Int
    let context: WorkerContext

    func run() async {
        let config = context.configuration
        let client = context.makeClient(for: .consumer)
        defer { client.close() }
        let claimBody = ByteBuffer(string: #"{"ttl":\#(config.claimTTL),"grace":\#(config.claimGrace)}"#)
        var turn = index
        var emptied: Set<String> = []  // queues that answered 204 to a claim sent while draining
        var phase = await context.recorder.phase
        while true {
            var draining = false
            switch phase {
            case .stopped: return
            case .draining(let until):
                if emptied.count == context.queues.count || context.clock.seconds >= until { return }
                draining = true
            case .producing: break
            }
            var queue = context.queue(turn)
            turn += 1
            while draining, emptied.contains(queue) {
                queue = context.queue(turn)
                turn += 1
            }
            let outcome = await client.send(.POST, config.claimPath(queue, draining: draining), body: claimBody)
            let at = context.clock.seconds
            let claimed = outcome.status == 201 ? outcome.response.flatMap { ResponseParser.claimed($0.body, api: config.api) } ?? [] : []
            let events: [QueueChecker.Event] = config.check
                ? claimed.map { .claimed(message: WorkerContext.key(queue, $0.id), claim: $0.claimID, at: at, claimTTL: config.claimTTL, tag: $0.tag) }
                : []
            phase = await context.recorder.record(.consumer, .claim, outcome, messages: claimed.count, events: events)
            if outcome.status == 204, draining {
                // Messages under a claim whose reply was lost (a gateway or Redis died) come back
                // only when it lapses: a queue is drained once its stats count no message at all.
                if await Self.isEmpty(queue, client) {
                    emptied.insert(queue)
                } else {
                    await WorkerContext.pause(250)
                }
                continue
            }
            if claimed.isEmpty {
                if !(config.wait > 0 && !draining && outcome.status == 204) { await WorkerContext.pause() }
                continue
            }
            for message in claimed {
                let deleted = await client.send(.DELETE, "/queues/\(queue)/messages/\(message.id)?claim_id=\(message.claimID)")
                let events: [QueueChecker.Event] = config.check && deleted.status == 204
                    ? [.deleted(message: WorkerContext.key(queue, message.id), claim: message.claimID, at: context.clock.seconds)]
                    : []
                phase = await context.recorder.record(.consumer, .delete, deleted, events: events)
            }
        }
    }

    /// Whether the queue's stats count no message, free or claimed (not recorded as an operation).
    private static func isEmpty(_ queue: String, _ client: KeepAliveClient) async -> Bool {
        let stats = await client.send(.GET, "/queues/\(queue)/stats")
        guard stats.status == 200, let body = stats.response?.body else { return false }
        return ResponseParser.totalMessages(body) == 0
    }
}
