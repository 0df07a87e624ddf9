import Logging
import NIOCore
import NIOHTTPTypes

/// Closes connections that send too slowly or too much, below the request handlers (one per
/// connection, after HTTP decoding):
///
/// - request head timeout: from the first bytes of a request until its head is complete (a
///   slowloris client trickling header bytes is cut off). Bytes are noticed through
///   `channelReadComplete`, which the HTTP decoder passes on even when it decoded nothing yet.
/// - request body timeout: from the head until the end of the body (a client trickling its body).
/// - body cap: the body bytes of one request, counted as they arrive, so a chunked body (which
///   announces no length) is refused while it is read, also when no handler reads it (Hummingbird
///   drains unread bodies after the response).
///
/// - a client that goes away while its long-polling request (`wait=N`) waits: Hummingbird allows
///   half-closed connections, so a client's FIN arrives as `inputClosed`, not as a close. For
///   a waiting request that means the client left (no HTTP client half-closes to wait for an
///   answer), so the connection is closed, which stops the wait before it claims anything.
///
/// An idle keep-alive connection (no request begun) is left to Hummingbird's idle timeout.
public final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    private enum State {
        /// Between requests, nothing of the next one received.
        case idle
        /// Some bytes of a request head received.
        case head
        /// Head received, reading the body.
        case body
        /// Request read, response not finished.
        case responding
    }

    private let headTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private let maxBodyBytes: Int
    private let logger: Logger
    private var state = State.idle
    private var bodyBytes = 0
    /// The response to the current request ended before its body was read.
    private var responseEnded = false
    /// The current request asks to wait (`wait=` other than 0 in its query).
    private var longPoll = false
    private var timer: Scheduled<Void>?

    public init(headTimeout: TimeAmount, bodyTimeout: TimeAmount, maxBodyBytes: Int, logger: Logger) {
        self.headTimeout = headTimeout
        self.bodyTimeout = bodyTimeout
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            cancelTimer()
            state = .body
            bodyBytes = 0
            responseEnded = false
            longPoll = Self.asksToWait(head.path)
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
            if bodyBytes > maxBodyBytes {
                logger.debug("request body over the cap, closing connection", metadata: ["http.body.max": "\(maxBodyBytes)"])
                cancelTimer()
                context.close(promise: nil)
                return
            }
        case .end:
            cancelTimer()
            state = responseEnded ? .idle : .responding
        }
        context.fireChannelRead(data)
    }

    /// Timers are armed only when a read ends inside a request, so a request that arrives in
    /// one read (the usual case) schedules none.
    public func channelReadComplete(context: ChannelHandlerContext) {
        switch state {
        case .idle:
            state = .head
            arm(context, headTimeout, "request head timeout")
        case .body where timer == nil:
            arm(context, bodyTimeout, "request body timeout")
        default:
            break
        }
        context.fireChannelReadComplete()
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            if state == .responding { state = .idle } else { responseEnded = true }
        }
        context.write(data, promise: promise)
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed, longPoll, state == .responding || state == .body {
            logger.debug("client left while waiting, closing connection")
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Whether a request target's query has `wait=` with a value other than 0.
    static func asksToWait(_ path: String?) -> Bool {
        guard let path, let query = path.firstIndex(of: "?") else { return false }
        for pair in path[path.index(after: query)...].split(separator: "&") where pair.hasPrefix("wait=") {
            let value = pair.dropFirst(5)
            return !value.isEmpty && value.contains(where: { $0 != "0" })
        }
        return false
    }

    public func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
    }

    private func arm(_ context: ChannelHandlerContext, _ delay: TimeAmount, _ reason: String) {
        cancelTimer()
        let logger = self.logger
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            timer = nil
            logger.debug("closing slow connection", metadata: ["reason": "\(reason)"])
            context.close(promise: nil)
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }
}
