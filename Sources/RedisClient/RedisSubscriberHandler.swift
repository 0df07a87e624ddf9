import NIOCore

/// What a subscriber connection hears from Redis (on its event loop).
public enum RedisPush: Sendable {
    /// A message published on a channel this connection subscribed to (`message`/`smessage`).
    case message(channel: String, payload: String)
    /// Redis dropped a subscription it was not asked to drop: on a cluster, the channel's slot
    /// moved to another master (`sunsubscribe` without a request).
    case dropped(channel: String)
}

/// A connection in subscribe mode (RESP2): replies no longer answer commands one for one.
/// `ssubscribe`/`sunsubscribe`/`pong` confirmations complete the oldest request of their kind,
/// `message`/`smessage` pushes go to `onPush`, an error reply fails the oldest request (a
/// `MOVED` for a channel of another master's slot).
final class RedisSubscriberHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private let parser = RedisReplyParser()
    private var pending = CircularBuffer<EventLoopPromise<RESPValue>>(initialCapacity: 8)
    private let onPush: @Sendable (RedisPush) -> Void

    init(onPush: @escaping @Sendable (RedisPush) -> Void) {
        self.onPush = onPush
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        pending.append(request.promise)
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        do {
            try parser.feed(unwrapInboundIn(data))
            while let reply = try parser.next() { handle(reply) }
        } catch {
            failAll(.protocolError("\(error)"))
            context.close(promise: nil)
        }
    }

    private func handle(_ reply: RESPValue) {
        guard let parts = reply.array, let kind = parts.first?.string?.lowercased() else {
            // An error reply (or anything else) answers the oldest request.
            pending.popFirst()?.succeed(reply)
            return
        }
        switch kind {
        case "message" where parts.count == 3, "smessage" where parts.count == 3:
            if let channel = parts[1].string, let payload = parts[2].string {
                onPush(.message(channel: channel, payload: payload))
            }
        case "sunsubscribe", "unsubscribe":
            if pending.isEmpty, let channel = parts.count > 1 ? parts[1].string : nil {
                onPush(.dropped(channel: channel))
            } else {
                pending.popFirst()?.succeed(reply)
            }
        default:
            // ssubscribe/subscribe confirmations and pong.
            pending.popFirst()?.succeed(reply)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(.connectionLost)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        failAll(.connectionLost)
        context.close(promise: nil)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failAll(.connectionLost)
    }

    private func failAll(_ error: RedisError) {
        while let promise = pending.popFirst() { promise.fail(error) }
    }
}
