import NIOCore

extension RedisScript {
    /// Whether the script declares that it writes nothing (`#!lua flags=no-writes`), as Redis
    /// itself reads it: such scripts need no `WAIT`.
    public var isReadOnly: Bool {
        guard source.hasPrefix("#!") else { return false }
        let shebang = source.prefix { $0 != "\n" }
        return shebang.contains("no-writes")
    }
}

extension RedisClient {
    /// Sends a script's EVALSHA on one connection; on `NOSCRIPT` (the script did not run) loads
    /// the script on that connection's node and sends it once more. A node that is new to the
    /// client (a master promoted by a failover, a restarted Redis) gets its scripts this way.
    ///
    /// With `waitReplicas` set and a script that writes, `WAIT n timeout` follows on the same
    /// connection; it covers every write that connection made so far, this script's included.
    /// Fewer acknowledgements than asked fail the call with `.notReplicated`: the write did
    /// happen on the master, so the caller answers 503 ("outcome unknown", as after a timeout)
    /// rather than acknowledging a write that a failover could lose.
    func send(_ evalsha: RedisCommand, of script: RedisScript, slot: ConnectionSlot) -> EventLoopFuture<RESPValue> {
        let replicas = script.isReadOnly ? 0 : configuration.waitReplicas
        let timeoutMs = Int(configuration.waitTimeout.nanoseconds / 1_000_000)
        let wait = RedisCommand("WAIT", [.int(replicas), .int(max(1, timeoutMs))])
        let load = RedisCommand("SCRIPT", ["LOAD", .string(script.source)])
        let logger = self.logger
        return slot.exchange(followFailover: followsFailover) { connection in
            // WAIT is pipelined with the script; if the script fails, its reply is ignored.
            @Sendable func attempt() -> EventLoopFuture<RESPValue> {
                let scriptReply = connection.send(evalsha)
                guard replicas > 0 else { return scriptReply }
                let waitReply = connection.send(wait)
                return scriptReply.flatMap { reply in
                    waitReply.flatMapErrorThrowing { error in
                        // The script ran; a refused WAIT (never seen on a master) leaves it unconfirmed.
                        guard case RedisError.server(let message) = error else { throw error }
                        throw RedisError.notReplicated(message)
                    }.flatMapThrowing { acknowledged in
                        let count = acknowledged.int ?? 0
                        guard count >= replicas else {
                            throw RedisError.notReplicated("\(count) of \(replicas) replicas within \(timeoutMs) ms (\(script.name))")
                        }
                        return reply
                    }
                }
            }
            return attempt().flatMapError { error in
                guard case RedisError.server(let message) = error, message.hasPrefix("NOSCRIPT") else {
                    return connection.eventLoop.makeFailedFuture(error)
                }
                logger.debug("script not cached, loading", metadata: ["redis.script": "\(script.name)"])
                return connection.send(load).flatMap { _ in attempt() }
            }
        }
    }
}
