import NIOCore

extension RedisConnection {
    /// Writes several commands in one event-loop turn, so nothing else is written between them
    /// on this connection (`ASKING` must come right before the command it applies to).
    func send(batch commands: [RedisCommand]) -> [EventLoopFuture<RESPValue>] {
        let requests = commands.map { command in
            var bytes = channel.allocator.buffer(capacity: 128)
            command.encode(into: &bytes)
            return RedisRequest(bytes: bytes, promise: channel.eventLoop.makePromise(of: RESPValue.self))
        }
        if channel.eventLoop.inEventLoop {
            for request in requests { write(request) }
        } else {
            channel.eventLoop.execute { for request in requests { self.write(request) } }
        }
        return requests.map { request in
            request.promise.futureResult.flatMapThrowing { reply in
                if case .error(let message) = reply { throw RedisError.server(message) }
                return reply
            }
        }
    }
}
