import NIOCore
import NIOPosix

/// One connection to Redis: a SwiftNIO channel on which any number of commands are in flight.
public final class RedisConnection: Sendable {
    let channel: any Channel
    /// Whether a flush is already scheduled on the event loop (touched only on that loop).
    private let flushScheduled: NIOLoopBoundBox<Bool>

    init(channel: any Channel) {
        self.channel = channel
        self.flushScheduled = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
    }

    public var eventLoop: any EventLoop { channel.eventLoop }
    public var isActive: Bool { channel.isActive }

    /// Sends a command; the future fails with `RedisError.server` on an error reply.
    public func send(_ command: RedisCommand) -> EventLoopFuture<RESPValue> {
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        var bytes = channel.allocator.buffer(capacity: 128)
        command.encode(into: &bytes)
        let request = RedisRequest(bytes: bytes, promise: promise)
        if channel.eventLoop.inEventLoop {
            write(request)
        } else {
            channel.eventLoop.execute { self.write(request) }
        }
        return promise.futureResult.flatMapThrowing { reply in
            if case .error(let message) = reply { throw RedisError.server(message) }
            return reply
        }
    }

    /// Writes now and flushes once per event-loop tick: commands sent in the same tick share one
    /// `write` system call (the pipelining that lets one connection carry many requests).
    func write(_ request: RedisRequest) {
        channel.write(request).whenFailure { _ in
            // Never reached the handler (channel already closed): the command was not sent.
            request.promise.fail(RedisError.unavailable("connection closed"))
        }
        guard !flushScheduled.value else { return }
        flushScheduled.value = true
        channel.eventLoop.execute {
            self.flushScheduled.value = false
            self.channel.flush()
        }
    }

    /// Commands sent and not yet answered, read on the connection's event loop.
    func inFlight() async throws -> Int {
        let channel = self.channel
        return try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: RedisChannelHandler.self).inFlight
        }.get()
    }

    public func close() -> EventLoopFuture<Void> {
        channel.close().recover { _ in }
    }

    /// Connects, then authenticates and selects the database the endpoint names.
    static func connect(
        to endpoint: RedisEndpoint,
        on eventLoop: any EventLoop,
        configuration: RedisClientConfiguration
    ) -> EventLoopFuture<RedisConnection> {
        let commandTimeout = configuration.commandTimeout
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(configuration.connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RedisChannelHandler(timeout: commandTimeout))
                }
            }
        let connected: EventLoopFuture<any Channel>
        switch endpoint.address {
        case .tcp(let host, let port):
            connected = bootstrap
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .connect(host: host, port: port)
        case .unixSocket(let path):
            connected = bootstrap.connect(unixDomainSocketPath: path)
        }
        return connected
            .flatMapErrorThrowing { error in throw RedisError.unavailable("\(error)") }
            .flatMap { channel in
                let connection = RedisConnection(channel: channel)
                var setup: [RedisCommand] = []
                if let password = endpoint.password {
                    if let user = endpoint.user {
                        setup.append(RedisCommand("AUTH", [.string(user), .string(password)]))
                    } else {
                        setup.append(RedisCommand("AUTH", [.string(password)]))
                    }
                }
                if endpoint.database != 0 {
                    setup.append(RedisCommand("SELECT", [.int(endpoint.database)]))
                }
                let replies = setup.map { connection.send($0) }
                return EventLoopFuture.andAllSucceed(replies, on: eventLoop)
                    .map { connection }
                    .flatMapError { error in
                        connection.close().flatMapThrowing { throw error }
                    }
            }
    }
}
