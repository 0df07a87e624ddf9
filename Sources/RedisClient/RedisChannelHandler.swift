import NIOCore

/// A command on its way to Redis, with the promise its reply completes.
struct RedisRequest {
    var bytes: ByteBuffer
    var promise: EventLoopPromise<RESPValue>
}

/// Pipelines commands on one connection: writes them as they come and completes their
/// promises in order as hiredis's reader yields replies.
///
/// A command that gets no reply within `timeout` fails with `.timeout` and the connection is
/// closed: after a lost reply, the order of later replies can no longer be trusted. When the
/// connection drops, every command in flight fails with `.connectionLost` (it may have run).
final class RedisChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private var pending = CircularBuffer<(promise: EventLoopPromise<RESPValue>, deadline: NIODeadline)>(initialCapacity: 64)
    private let parser = RedisReplyParser()
    private let timeout: TimeAmount
    private var timeoutCheck: RepeatedTask?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let every = TimeAmount.nanoseconds(max(timeout.nanoseconds / 4, 10_000_000))
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timeoutCheck = context.eventLoop.scheduleRepeatedTask(initialDelay: every, delay: every) { _ in
            let (handler, context) = loopBound.value
            handler.checkDeadlines(context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timeoutCheck?.cancel()
        timeoutCheck = nil
        failAll(.connectionLost)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        pending.append((request.promise, context.eventLoop.now + timeout))
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        do {
            try parser.feed(unwrapInboundIn(data))
            while let reply = try parser.next() {
                guard let request = pending.popFirst() else {
                    throw RedisError.protocolError("reply without a request")
                }
                request.promise.succeed(reply)
            }
        } catch {
            failAll(error as? RedisError ?? .protocolError("\(error)"))
            context.close(promise: nil)
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

    private func checkDeadlines(context: ChannelHandlerContext) {
        guard let first = pending.first, first.deadline < context.eventLoop.now else { return }
        failAll(.timeout)
        context.close(promise: nil)
    }

    /// Commands sent and not yet answered (read on the event loop, for metrics).
    var inFlight: Int { pending.count }

    private func failAll(_ error: RedisError) {
        RedisMetrics.failed(error, count: pending.count)
        while let request = pending.popFirst() {
            request.promise.fail(error)
        }
    }
}
