import NIOCore
import RedisClient

/// The answer of a project's request-rate bucket.
public struct RateDecision: Sendable, Equatable {
    public let allowed: Bool
    /// When refused: milliseconds until the bucket holds a request again.
    public let retryAfterMilliseconds: Int
}

extension QueueStore {
    /// Takes one request from `project`'s token bucket (`rate` per second, `burst` at most),
    /// shared by every gateway on this Redis; one round trip.
    public func takeRequestToken(
        project: String?, rate: Int, burst: Int, on loop: (any EventLoop)? = nil
    ) async throws(StoreError) -> RateDecision {
        let reply = try Self.array(await run(.rateLimit, keys: [Keys.rateBucket(project: project)], [.int(rate), .int(burst)], on: loop))
        guard reply.count == 2, let allowed = reply[0].int, let wait = reply[1].int else {
            throw .unexpectedReply("rate_limit reply \(reply)")
        }
        return RateDecision(allowed: allowed == 1, retryAfterMilliseconds: Int(wait))
    }
}
