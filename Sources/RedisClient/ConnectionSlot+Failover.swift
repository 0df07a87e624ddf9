import NIOCore

extension ConnectionSlot {
    /// Runs `exchange` (one command, or a script followed by `WAIT`) on this slot's connection.
    ///
    /// A `WrongNodeReply` means the command did not run. On a node that is no longer the master
    /// the connection is dropped; when `followFailover` is set (the client finds its master
    /// through sentinels) the exchange is tried once more on a fresh connection, which asks the
    /// sentinels for the master again. Otherwise, or if the retry meets the same reply, it fails
    /// with `.unavailable` (a 503). Failures that leave it unknown whether the command ran
    /// (`.connectionLost`, `.timeout`) are never retried.
    func exchange(
        followFailover: Bool,
        _ exchange: @escaping @Sendable (RedisConnection) -> EventLoopFuture<RESPValue>
    ) -> EventLoopFuture<RESPValue> {
        connection().flatMap { connection in
            exchange(connection).flatMapError { error in
                guard case RedisError.server(let message) = error, let reply = WrongNodeReply(message) else {
                    return connection.eventLoop.makeFailedFuture(error)
                }
                if reply.isWrongNode { self.discard(connection) }
                guard followFailover, reply.isWrongNode else {
                    return connection.eventLoop.makeFailedFuture(RedisError.unavailable(message))
                }
                return self.connection().flatMap { retried in
                    exchange(retried).flatMapErrorThrowing { error in
                        guard case RedisError.server(let message) = error, let reply = WrongNodeReply(message) else { throw error }
                        if reply.isWrongNode { self.discard(retried) }
                        throw RedisError.unavailable(message)
                    }
                }
            }
        }
    }
}
