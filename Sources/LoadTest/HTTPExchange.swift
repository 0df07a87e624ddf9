import NIOCore
import NIOHTTP1

/// One request travelling down the pipeline together with the promise of its response.
struct HTTPExchange: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer?
    var timeout: TimeAmount
    var promise: EventLoopPromise<HTTPResponse>
}
