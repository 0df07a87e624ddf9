import NIOCore

/// One connection to one Redis node in subscribe mode, for sharded pub/sub (`SSUBSCRIBE`; on a
/// single Redis the same commands work). Made by `RedisClient.openSubscriber`. Every command
/// waits for its confirmation; pushes arrive through the handler given at opening.
public final class RedisSubscriber: Sendable {
    let connection: RedisConnection
    private let timeout: TimeAmount

    init(connection: RedisConnection, timeout: TimeAmount) {
        self.connection = connection
        self.timeout = timeout
    }

    public var eventLoop: any EventLoop { connection.eventLoop }
    public var isActive: Bool { connection.isActive }
    /// Completes when the connection is closed, by either side.
    public var closeFuture: EventLoopFuture<Void> { connection.channel.closeFuture }

    /// Subscribes to one shard channel; returns once Redis confirmed it (so a message published
    /// after this returns is heard). Fails with `.server("MOVED ...")` when another master serves
    /// the channel's slot.
    public func subscribe(_ channel: String) async throws {
        _ = try await confirmed(RedisCommand("SSUBSCRIBE", [.string(channel)]))
    }

    public func unsubscribe(_ channel: String) async throws {
        _ = try await confirmed(RedisCommand("SUNSUBSCRIBE", [.string(channel)]))
    }

    /// A `PING` in subscribe mode: proves the connection still reaches Redis.
    public func ping() async throws {
        _ = try await confirmed(RedisCommand("PING"))
    }

    public func close() async {
        try? await connection.close().get()
    }

    /// Sends a command and waits for its confirmation; a confirmation that does not come within
    /// the command timeout closes the connection (its order can no longer be trusted).
    private func confirmed(_ command: RedisCommand) async throws -> RESPValue {
        let future = connection.send(command)
        let timer = connection.eventLoop.scheduleTask(in: timeout) { [connection] in
            _ = connection.close()
        }
        defer { timer.cancel() }
        return try await future.get()
    }
}

extension RedisClient {
    /// Opens a new connection to this client's node (the current master, when it follows
    /// sentinels) in subscribe mode; `onPush` runs on its event loop.
    public func openSubscriber(onPush: @escaping @Sendable (RedisPush) -> Void) async throws -> RedisSubscriber {
        let loop = group.any()
        let connection = try await (connector?.connect(on: loop, configuration: configuration)
            ?? RedisConnection.connect(to: endpoint, on: loop, configuration: configuration)).get()
        do {
            try await loop.submit {
                let pipeline = connection.channel.pipeline.syncOperations
                let old = try pipeline.handler(type: RedisChannelHandler.self)
                pipeline.removeHandler(old, promise: nil)
                try pipeline.addHandler(RedisSubscriberHandler(onPush: onPush))
            }.get()
        } catch {
            _ = try? await connection.close().get()
            throw RedisError.unavailable("subscriber setup: \(error)")
        }
        // Longer than a command's: a waiting request's first attempt (a plain command) already
        // failed fast if Redis is down, and thousands of waiters arriving at once may make a
        // confirmation late without anything being wrong.
        return RedisSubscriber(connection: connection, timeout: max(configuration.commandTimeout * 5, .seconds(5)))
    }
}
