import NIOCore
import RedisClient

/// The Redis side of `Wakeups`: one subscriber connection per node, SSUBSCRIBE per channel,
/// recovery after a lost connection or a slot that moved.
extension Wakeups {
    /// Subscribes `channel` on the node that serves its slot (following `MOVED` after a slot
    /// moved) and records it live, unless a newer attempt replaced this one.
    func subscribe(_ channel: String, attempt: UInt64) async throws {
        var refreshing = false
        var failure: any Error = RedisError.unavailable("no subscription attempt")
        for _ in 0..<4 {
            do {
                let node = try await redis.node(forKey: channel, refreshing: refreshing)
                let nodeID = ObjectIdentifier(node)
                let subscriber = try await subscriber(for: node)
                try await subscriber.subscribe(channel)
                let recorded = state.withLockedValue { state -> Bool in
                    guard case .pending(attempt, _) = state.channels[channel]?.subscription else { return true }
                    // The connection may have closed since the confirmation: then this node's
                    // entry is gone (or another connection's) and the subscription with it.
                    guard state.nodes[nodeID]?.subscriber === subscriber, subscriber.isActive else { return false }
                    state.nodes[nodeID]?.channels.insert(channel)
                    state.channels[channel]?.subscription = .live(nodeID)
                    return true
                }
                if recorded { return }
                failure = RedisError.connectionLost
            } catch RedisError.server(let message) where message.hasPrefix("MOVED") || message.hasPrefix("ASK")
                || message.hasPrefix("TRYAGAIN") || message.hasPrefix("CLUSTERDOWN") {
                failure = RedisError.server(message)
                refreshing = true
                try? await Task.sleep(for: .milliseconds(20))
            } catch let error as RedisError where error == .timeout || error == .connectionLost {
                // A confirmation late under load closes that connection; a new one is opened.
                failure = error
                try? await Task.sleep(for: .milliseconds(20))
            } catch {
                failure = error
                break
            }
        }
        state.withLockedValue { state in
            if case .pending(attempt, _) = state.channels[channel]?.subscription {
                state.channels[channel]?.subscription = .none
            }
        }
        throw failure
    }

    /// The subscriber connection to `node`, opened on first use.
    private func subscriber(for node: RedisClient) async throws -> RedisSubscriber {
        let nodeID = ObjectIdentifier(node)
        let opening: Task<RedisSubscriber, any Error> = state.withLockedValue { state in
            if let existing = state.nodes[nodeID] { return existing.opening }
            let task = Task { try await self.open(node) }
            state.nodes[nodeID] = NodeState(opening: task)
            return task
        }
        do {
            return try await opening.value
        } catch {
            state.withLockedValue { state in
                if state.nodes[nodeID]?.subscriber == nil { state.nodes[nodeID] = nil }
            }
            throw error
        }
    }

    private func open(_ node: RedisClient) async throws -> RedisSubscriber {
        let nodeID = ObjectIdentifier(node)
        let subscriber = try await node.openSubscriber { [weak self] push in self?.heard(push) }
        state.withLockedValue { $0.nodes[nodeID]?.subscriber = subscriber }
        subscriber.closeFuture.whenComplete { _ in self.lost(nodeID, subscriber) }
        // Keep-alive: a dead Redis (or a cut link) closes the connection within a few seconds.
        Task { [weak self] in
            while subscriber.isActive {
                try? await Task.sleep(for: Self.keepAlive)
                guard let self else { return }
                let busy = self.state.withLockedValue { !($0.nodes[nodeID]?.channels.isEmpty ?? true) }
                if busy { try? await subscriber.ping() }
            }
        }
        logger.debug("wake subscriber connected", metadata: ["redis.node": "\(node.endpoint)"])
        return subscriber
    }

    private func heard(_ push: RedisPush) {
        switch push {
        case .message(let channel, let payload):
            let due = Int64(payload) ?? 0
            if due <= 0 {
                wake(channel)
            } else if let loop = state.withLockedValue({ $0.channels[channel]?.claimers.first?.loop ?? $0.channels[channel]?.listers.first?.loop }) {
                recheck(channel, in: .milliseconds(due), on: loop)
            }
        case .dropped(let channel):
            let wanted: Bool = state.withLockedValue { state in
                guard case .live(let nodeID) = state.channels[channel]?.subscription else { return false }
                state.nodes[nodeID]?.channels.remove(channel)
                state.channels[channel]?.subscription = .none
                return (state.channels[channel]?.interest ?? 0) > 0
            }
            if wanted { recover([channel]) }
        }
    }

    /// A subscriber connection closed: its channels are subscribed again (on whichever node
    /// serves them now) and their waiters woken.
    private func lost(_ nodeID: ObjectIdentifier, _ subscriber: RedisSubscriber) {
        let channels: [String] = state.withLockedValue { state in
            guard let node = state.nodes[nodeID], node.subscriber === subscriber else { return [] }
            state.nodes[nodeID] = nil
            var wanted: [String] = []
            for channel in node.channels {
                guard case .live(nodeID) = state.channels[channel]?.subscription else { continue }
                state.channels[channel]?.subscription = .none
                if (state.channels[channel]?.interest ?? 0) > 0 { wanted.append(channel) }
            }
            return wanted
        }
        if !channels.isEmpty {
            logger.info("wake subscriber connection lost, subscribing again", metadata: ["wake.channels": "\(channels.count)"])
            recover(channels)
        }
    }

    /// Subscribes each channel again until it works or nobody waits on it any more, then wakes
    /// its waiters (what was published in between was not heard).
    private func recover(_ channels: [String]) {
        for channel in channels {
            Task {
                var pause = Duration.milliseconds(100)
                while true {
                    let task: Task<Void, any Error>? = self.state.withLockedValue { state in
                        guard var entry = state.channels[channel], entry.interest > 0 else { return nil }
                        switch entry.subscription {
                        case .live: return nil
                        case .pending(_, let running): return running
                        case .none:
                            state.nextAttempt += 1
                            let attempt = state.nextAttempt
                            let running = Task { try await self.subscribe(channel, attempt: attempt) }
                            entry.subscription = .pending(attempt, running)
                            state.channels[channel] = entry
                            return running
                        }
                    }
                    guard let task else { break }
                    if (try? await task.value) != nil { break }
                    try? await Task.sleep(for: pause)
                    pause = min(pause * 2, .seconds(2))
                }
                self.wake(channel)
            }
        }
    }

    /// The linger after the last waiter passed: the channel is unsubscribed and forgotten.
    func drop(_ channel: String) {
        let subscriber: RedisSubscriber? = state.withLockedValue { state in
            guard let entry = state.channels[channel], entry.interest == 0 else { return nil }
            entry.recheck?.task.cancel()
            state.channels[channel] = nil
            guard case .live(let nodeID) = entry.subscription else { return nil }
            state.nodes[nodeID]?.channels.remove(channel)
            return state.nodes[nodeID]?.subscriber
        }
        guard let subscriber else { return }
        Task {
            try? await subscriber.unsubscribe(channel)
            // A waiter that came meanwhile may have subscribed before this SUNSUBSCRIBE
            // reached Redis: subscribe it once more.
            let again: Bool = self.state.withLockedValue { state in
                guard state.channels[channel] != nil else { return false }
                if case .live = state.channels[channel]?.subscription { state.channels[channel]?.subscription = .none }
                return true
            }
            if again { self.recover([channel]) }
        }
    }
}
