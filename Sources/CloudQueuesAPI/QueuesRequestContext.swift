import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the event loop of the connection, so
/// the store uses that loop's Redis connection (no thread hop to another loop).
public struct QueuesRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let eventLoop: any EventLoop

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.eventLoop = source.channel.eventLoop
    }
}
