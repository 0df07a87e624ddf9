import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection carrying one request at a time.
final class HTTPConnection: Sendable {
    let channel: Channel

    private init(channel: Channel) { self.channel = channel }

    /// Opens a connection to `host:port` on one of `group`'s event loops.
    static func connect(host: String, port: Int, group: EventLoopGroup, timeout: TimeAmount) async throws -> HTTPConnection {
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(HTTPClientHandler())
                }
            }
            .connect(host: host, port: port)
            .get()
        return HTTPConnection(channel: channel)
    }

    /// Sends one request and waits for its complete response (or a failure).
    func send(head: HTTPRequestHead, body: ByteBuffer?, timeout: TimeAmount) async throws -> HTTPResponse {
        let promise = channel.eventLoop.makePromise(of: HTTPResponse.self)
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { promise.fail($0) }  // e.g. the channel is already closed
        channel.writeAndFlush(HTTPExchange(head: head, body: body, timeout: timeout, promise: promise), promise: written)
        return try await promise.futureResult.get()
    }

    func close() {
        channel.close(promise: nil)
    }
}
