import Logging
import NIOConcurrencyHelpers
import NIOCore
import RedisClient

/// Long polling's wake-ups, one per gateway: waiting requests park here, per queue, until a
/// script publishes on the queue's wake channel (`Keys.wakeChannel`; sharded pub/sub, so on a
/// cluster each channel lives on its queue's master), a recheck the waiter asked for comes due
/// (a delayed message or a claim's lapse), or their deadline passes.
///
/// One subscription per queue and gateway however many requests wait on it, one subscriber
/// connection per Redis node; an idle waiter costs no Redis traffic (a subscribed connection
/// is pinged every few seconds, per node, to notice a dead Redis). After a subscriber connection
/// is lost, its channels are subscribed again and their waiters woken (a publish may have been
/// missed meanwhile). A queue's channel is dropped `linger` after its last waiter left.
public final class Wakeups: Sendable {
    let redis: any RedisExecutor
    let logger: Logger
    let state = NIOLockedValueBox(State())

    static let linger = TimeAmount.seconds(10)
    static let keepAlive = Duration.seconds(5)
    /// The soonest a recheck runs: a hint of 0 (already due) cannot spin.
    static let minimumRecheck = TimeAmount.milliseconds(5)

    struct State {
        var channels: [String: ChannelState] = [:]
        var nodes: [ObjectIdentifier: NodeState] = [:]
        var nextAttempt: UInt64 = 0
        var waiting = 0
    }

    enum Subscription {
        case none
        /// SSUBSCRIBE under way (attempt number, so a stale completion is ignored).
        case pending(UInt64, Task<Void, any Error>)
        /// Confirmed on the subscriber connection of this node.
        case live(ObjectIdentifier)
    }

    struct ChannelState {
        var interest = 0
        var subscription = Subscription.none
        /// Bumped by every wake: a waiter that attempted since the generation it read parks
        /// only if nothing happened meanwhile.
        var generation: UInt64 = 0
        var claimers = CircularBuffer<Waiter>()
        var listers: [Waiter] = []
        /// Waiters in `claimers` still parked (the others are stale, skipped and compacted away).
        var parkedClaimers = 0
        var recheck: (at: NIODeadline, task: Scheduled<Void>)?
        var linger: Scheduled<Void>?
    }

    struct NodeState {
        var opening: Task<RedisSubscriber, any Error>
        var subscriber: RedisSubscriber?
        var channels: Set<String> = []
    }

    public init(redis: any RedisExecutor, logger: Logger = Logger(label: "wakeups")) {
        self.redis = redis
        self.logger = logger
    }

    /// Requests waiting right now (for metrics and tests).
    public var waitingCount: Int { state.withLockedValue { $0.waiting } }

    // MARK: Waiters

    /// Registers a waiter for `channel` and returns once the channel's subscription is
    /// confirmed (so nothing published from then on is missed). `closed` completes when the
    /// client's connection closes.
    func enter(_ channel: String, kind: WaitKind, on loop: any EventLoop, closed: EventLoopFuture<Void>) async throws(StoreError) -> Waiter {
        let waiter = Waiter(channel: channel, kind: kind, loop: loop)
        let pending: Task<Void, any Error>? = state.withLockedValue { state in
            state.waiting += 1
            var entry = state.channels[channel] ?? ChannelState()
            entry.interest += 1
            entry.linger?.cancel()
            entry.linger = nil
            var task: Task<Void, any Error>?
            switch entry.subscription {
            case .live: break
            case .pending(_, let running): task = running
            case .none:
                state.nextAttempt += 1
                let attempt = state.nextAttempt
                let running = Task { try await self.subscribe(channel, attempt: attempt) }
                entry.subscription = .pending(attempt, running)
                task = running
            }
            state.channels[channel] = entry
            return task
        }
        closed.whenComplete { _ in self.resume(waiter, .gone) }
        if let pending {
            do {
                try await pending.value
            } catch {
                leave(waiter)
                throw StoreError.from(error)
            }
        }
        return waiter
    }

    /// The channel's generation, read before an attempt and handed to `park`.
    func generation(of waiter: Waiter) -> UInt64 {
        state.withLockedValue { $0.channels[waiter.channel]?.generation ?? 0 }
    }

    func isGone(_ waiter: Waiter) -> Bool {
        state.withLockedValue { _ in waiter.gone }
    }

    /// Parks until a wake, the deadline or the client's going; returns at once with `.wake` when
    /// the channel was woken since `generation` (the attempt may have missed what woke it).
    func park(_ waiter: Waiter, since generation: UInt64, until deadline: NIODeadline) async -> WakeReason {
        await withCheckedContinuation { (continuation: CheckedContinuation<WakeReason, Never>) in
            let now: WakeReason? = state.withLockedValue { state in
                if waiter.gone { return .gone }
                guard var entry = state.channels[waiter.channel], entry.generation == generation else { return .wake }
                waiter.continuation = continuation
                waiter.deadlineTimer = waiter.loop.scheduleTask(deadline: deadline) { self.resume(waiter, .deadline) }
                switch waiter.kind {
                case .claim:
                    if waiter.holdsTurn { entry.claimers.prepend(waiter) } else { entry.claimers.append(waiter) }
                    entry.parkedClaimers += 1
                    if entry.claimers.count > 64 && entry.claimers.count > 2 * entry.parkedClaimers {
                        entry.claimers = CircularBuffer(entry.claimers.filter { $0.continuation != nil })
                    }
                case .listing:
                    entry.listers.append(waiter)
                }
                state.channels[waiter.channel] = entry
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// A claim waiter got messages: the next one in line tries too (there may be more).
    func passTurn(_ waiter: Waiter) {
        let next: CheckedContinuation<WakeReason, Never>? = state.withLockedValue { state in
            guard waiter.holdsTurn else { return nil }
            waiter.holdsTurn = false
            return Self.wakeFirstClaimer(waiter.channel, &state)
        }
        next?.resume(returning: .wake)
    }

    /// The waiter is done (answered, timed out, gone or failed).
    func leave(_ waiter: Waiter) {
        let next: CheckedContinuation<WakeReason, Never>? = state.withLockedValue { state in
            state.waiting -= 1
            var next: CheckedContinuation<WakeReason, Never>?
            if waiter.holdsTurn {
                waiter.holdsTurn = false
                next = Self.wakeFirstClaimer(waiter.channel, &state)
            }
            guard var entry = state.channels[waiter.channel] else { return next }
            entry.interest -= 1
            if entry.interest == 0 {
                let channel = waiter.channel
                entry.linger = waiter.loop.scheduleTask(in: Self.linger) { self.drop(channel) }
            }
            state.channels[waiter.channel] = entry
            return next
        }
        next?.resume(returning: .wake)
    }

    /// Asks for a wake of the channel in `delay` (a delayed message comes due, a claim lapses);
    /// only the earliest pending recheck is kept.
    func recheck(_ channel: String, in delay: TimeAmount, on loop: any EventLoop) {
        let at = NIODeadline.now() + max(delay, Self.minimumRecheck)
        state.withLockedValue { state in
            guard var entry = state.channels[channel], entry.interest > 0 else { return }
            if let current = entry.recheck {
                if current.at <= at { return }
                current.task.cancel()
            }
            entry.recheck = (at, loop.scheduleTask(deadline: at) { self.recheckDue(channel, at: at) })
            state.channels[channel] = entry
        }
    }

    private func recheckDue(_ channel: String, at: NIODeadline) {
        state.withLockedValue { state in
            if state.channels[channel]?.recheck?.at == at { state.channels[channel]?.recheck = nil }
        }
        wake(channel)
    }

    /// Something may be claimable on `channel`: the first parked claimer and every parked
    /// lister resume.
    func wake(_ channel: String) {
        let resumed: [CheckedContinuation<WakeReason, Never>] = state.withLockedValue { state in
            guard var entry = state.channels[channel] else { return [] }
            entry.generation &+= 1
            var out: [CheckedContinuation<WakeReason, Never>] = []
            for lister in entry.listers {
                if let c = Self.take(lister) { out.append(c) }
            }
            entry.listers.removeAll()
            state.channels[channel] = entry
            if let first = Self.wakeFirstClaimer(channel, &state) { out.append(first) }
            return out
        }
        for continuation in resumed { continuation.resume(returning: .wake) }
    }

    /// Resumes `waiter` if it is parked (deadline timer, closed connection).
    private func resume(_ waiter: Waiter, _ reason: WakeReason) {
        let continuation: CheckedContinuation<WakeReason, Never>? = state.withLockedValue { state in
            if reason == .gone { waiter.gone = true }
            guard let continuation = Self.take(waiter) else { return nil }
            if waiter.kind == .claim { state.channels[waiter.channel]?.parkedClaimers -= 1 }
            return continuation
        }
        continuation?.resume(returning: reason)
    }

    /// Pops the first claimer still parked and gives it the turn (under the lock).
    private static func wakeFirstClaimer(_ channel: String, _ state: inout State) -> CheckedContinuation<WakeReason, Never>? {
        guard var entry = state.channels[channel] else { return nil }
        defer { state.channels[channel] = entry }
        while let waiter = entry.claimers.popFirst() {
            if let continuation = take(waiter) {
                entry.parkedClaimers -= 1
                waiter.holdsTurn = true
                return continuation
            }
        }
        return nil
    }

    /// Takes a parked waiter's continuation and cancels its deadline (under the lock).
    private static func take(_ waiter: Waiter) -> CheckedContinuation<WakeReason, Never>? {
        guard let continuation = waiter.continuation else { return nil }
        waiter.continuation = nil
        waiter.deadlineTimer?.cancel()
        waiter.deadlineTimer = nil
        return continuation
    }
}
