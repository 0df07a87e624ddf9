import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the event loop of the connection, so
/// the store uses that loop's Redis connection (no thread hop to another loop).
public struct QueuesRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let eventLoop: any EventLoop
    /// Completes when the client's connection closes: a long-polling request stops waiting (and
    /// claims nothing more) once its client is gone.
    public let connectionClosed: EventLoopFuture<Void>

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.eventLoop = source.channel.eventLoop
        self.connectionClosed = source.channel.closeFuture
    }
}
