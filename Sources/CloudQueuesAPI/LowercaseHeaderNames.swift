import NIOCore
import NIOHTTP1

/// Writes every response header name in lower case, as Zaqar does: clients and test code written
/// against it compare names case-sensitively (python-requests keeps the case it received), and
/// lower case is the only form HTTP/2 knows.
///
/// It sits at the HTTP/1 level, right after NIO's response encoder, so it sees every response:
/// Hummingbird's (with the `Date` and `Server` it adds after our handlers ran) and the bare 400
/// that NIO's protocol error handler writes for a malformed or oversized request head, which
/// never reaches Hummingbird. `Installer` puts it there (Hummingbird only lets us add handlers
/// after its HTTP/1-to-HTTPTypes codec).
public final class LowercaseHeaderNames: ChannelOutboundHandler, RemovableChannelHandler {
    public typealias OutboundIn = HTTPServerResponsePart
    public typealias OutboundOut = HTTPServerResponsePart

    init() {}

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(var head) = unwrapOutboundIn(data),
              head.headers.contains(where: { Self.hasUpperCase($0.name) }) else {
            context.write(data, promise: promise)
            return
        }
        head.headers = HTTPHeaders(head.headers.map { (Self.hasUpperCase($0.name) ? $0.name.lowercased() : $0.name, $0.value) })
        context.write(wrapOutboundOut(.head(head)), promise: promise)
    }

    private static func hasUpperCase(_ name: String) -> Bool {
        name.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    /// Added with the connection's other handlers; moves a `LowercaseHeaderNames` next to the
    /// HTTP/1 response encoder and takes itself out of the pipeline.
    public final class Installer: ChannelInboundHandler, RemovableChannelHandler {
        public typealias InboundIn = Never

        public init() {}

        public func handlerAdded(context: ChannelHandlerContext) {
            let pipeline = context.pipeline.syncOperations
            if let encoder = try? pipeline.handler(type: HTTPResponseEncoder.self) {
                try? pipeline.addHandler(LowercaseHeaderNames(), position: .after(encoder))
            }
            pipeline.removeHandler(context: context, promise: nil)
        }
    }
}
