import NIOCore
import NIOHTTP1

/// Turns an ``HTTPExchange`` into request parts and collects the response parts into an
/// ``HTTPResponse``. One exchange at a time; a timeout fails it and closes the connection.
final class HTTPClientHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPExchange
    typealias OutboundOut = HTTPClientRequestPart

    private var promise: EventLoopPromise<HTTPResponse>?
    private var timeoutTask: Scheduled<Void>?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?

    func write(context: ChannelHandlerContext, data: NIOAny, promise writePromise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard self.promise == nil else {
            exchange.promise.fail(HTTPClientError.busy)
            writePromise?.fail(HTTPClientError.busy)
            return
        }
        self.promise = exchange.promise
        head = nil
        body = nil
        let loopBoundSelf = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        timeoutTask = context.eventLoop.scheduleTask(in: exchange.timeout) {
            loopBoundSelf.value.fail(HTTPClientError.timeout, context: loopBoundContext.value)
        }
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        if let body = exchange.body {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.write(wrapOutboundOut(.end(nil)), promise: writePromise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
        case .body(var part):
            if body == nil { body = part } else { body!.writeBuffer(&part) }
        case .end:
            guard let promise, let head else { return }
            let response = HTTPResponse(
                status: Int(head.status.code),
                body: body ?? ByteBuffer(),
                closeConnection: !head.isKeepAlive)
            finish()
            promise.succeed(response)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(HTTPClientError.connectionClosed, context: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(error, context: context)
    }

    /// Fails the outstanding exchange (if any) and closes the connection.
    private func fail(_ error: Error, context: ChannelHandlerContext?) {
        let pending = promise
        finish()
        pending?.fail(error)
        context?.close(promise: nil)
    }

    private func finish() {
        timeoutTask?.cancel()
        timeoutTask = nil
        promise = nil
        head = nil
        body = nil
    }
}
