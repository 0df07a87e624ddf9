import NIOCore
import RedisClient

extension QueueStore {
    /// Long polling: runs `attempt` (a claim, a listing) until it yields something, the
    /// deadline passes (nil) or the client goes away (`closed` completes; nil, and no attempt is
    /// made for it after that, so a client that left takes no messages).
    ///
    /// The first attempt runs at once, as without waiting. Then the request registers with
    /// `wakeups` (subscribing the queue's wake channel if this gateway is not yet), attempts once
    /// more (a post may have come before the subscription), and parks. Scripts that make messages
    /// claimable publish on the channel; when an attempt finds nothing, `queue_wake_hint` says
    /// when a delayed message or a claim's lapse will, and a recheck is set for then. Nothing
    /// polls Redis while nothing changes.
    ///
    /// `abandon` undoes what an attempt got when the client turned out to be gone by then (a
    /// claim is released: its messages go back at once).
    public func waiting<T: Sendable>(
        for queue: QueueRef, kind: WaitKind, until deadline: NIODeadline,
        closed: EventLoopFuture<Void>, on loop: any EventLoop,
        abandon: (T) async -> Void = { _ in },
        attempt: () async throws(StoreError) -> T?
    ) async throws(StoreError) -> T? {
        if let found = try await attempt() { return found }
        guard NIODeadline.now() < deadline else { return nil }
        let channel = Keys.wakeChannel(queue)
        let waiter = try await wakeups.enter(channel, kind: kind, on: loop, closed: closed)
        defer { wakeups.leave(waiter) }
        while true {
            let generation = wakeups.generation(of: waiter)
            guard !wakeups.isGone(waiter) else { return nil }
            if let found = try await attempt() {
                wakeups.passTurn(waiter)
                if wakeups.isGone(waiter) {
                    await abandon(found)
                    return nil
                }
                return found
            }
            let hint = try Self.int(await run(.queueWakeHint, queue, [], on: loop))
            if hint >= 0 { wakeups.recheck(channel, in: .milliseconds(hint), on: loop) }
            switch await wakeups.park(waiter, since: generation, until: deadline) {
            case .wake: continue
            case .deadline, .gone: return nil
            }
        }
    }
}
