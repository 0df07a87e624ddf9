/// Pages through the queues with `echo=true`, following each queue's `next` marker, and polls
/// again from the last marker after an empty page (v1 204, v2 200 with no messages); runs until
/// the run stops.
struct Observer: Sendable {
    let index: Int
    let context: WorkerContext

    func run() async {
        let config = context.configuration
        let client = context.makeClient(for: .observer)
        defer { client.close() }
        var markers: [String: String] = [:]
        var turn = index
        var phase = await context.recorder.phase
        while phase != .stopped {
            let queue = context.queue(turn)
            turn += 1
            var path = "/queues/\(queue)/messages?echo=true&limit=\(config.pageLimit)"
            if let marker = markers[queue] { path += "&marker=\(marker)" }
            let outcome = await client.send(.GET, path)
            let at = context.clock.seconds
            var events: [QueueChecker.Event] = []
            var count = 0
            if outcome.status == 200, let page = outcome.response.flatMap({ ResponseParser.listed($0.body) }) {
                count = page.messages.count
                if let next = page.nextMarker { markers[queue] = next }
                if config.check {
                    events = page.messages.map { .observed(message: WorkerContext.key(queue, $0.id), at: at, tag: $0.tag) }
                }
            }
            phase = await context.recorder.record(.observer, .list, outcome, messages: count, events: events)
            if count == 0 { await WorkerContext.pause() }
        }
    }
}
