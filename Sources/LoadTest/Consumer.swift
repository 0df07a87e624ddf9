import NIOCore

/// Claims messages round-robin from the queues and deletes each with its claim id; after the
/// producers stop it drains until every queue answered 204 or the drain deadline passed.
struct Consumer: Sendable {
    let index: Int
    let context: WorkerContext

    func run() async {
        let config = context.configuration
        let client = context.makeClient()
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
            let outcome = await client.send(.POST, "/queues/\(queue)/claims?limit=\(config.claimLimit)", body: claimBody)
            let at = context.clock.seconds
            let claimed = outcome.status == 201 ? outcome.response.flatMap { ResponseParser.claimed($0.body) } ?? [] : []
            let events: [QueueChecker.Event] = config.check
                ? claimed.map { .claimed(message: WorkerContext.key(queue, $0.id), claim: $0.claimID, at: at, claimTTL: config.claimTTL, tag: $0.tag) }
                : []
            phase = await context.recorder.record(.consumer, .claim, outcome, messages: claimed.count, events: events)
            if outcome.status == 204, draining {
                emptied.insert(queue)
                continue
            }
            if claimed.isEmpty {
                await WorkerContext.pause()
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
}
