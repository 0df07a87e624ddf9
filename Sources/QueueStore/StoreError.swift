import RedisClient

/// Why a store operation failed, in domain terms (the HTTP layer maps each case once).
public enum StoreError: Error, Sendable, Equatable {
    case queueNotFound
    /// A delete named another live claim than the message's (contract §6.15).
    case claimMismatch
    /// A delete without claim id of a message under a live claim.
    case claimRequired
    /// A delete naming a claim that is unknown or lapsed, or a claim for a free message.
    case claimInvalid
    /// A POST body above the queue's `_max_messages_post_size` (the limit, in bytes).
    case postTooLarge(Int)
    /// Redis could not be reached or did not answer in time.
    case unavailable(String)
    /// Redis answered something the store did not expect (a bug, never user input).
    case unexpectedReply(String)

    /// Maps a Redis failure, reading named script errors (`QUEUE_NOT_FOUND ...`).
    static func from(_ error: any Error) -> StoreError {
        guard let redisError = error as? RedisError else { return .unexpectedReply("\(error)") }
        switch redisError {
        case .server(let message):
            if message.hasPrefix("QUEUE_NOT_FOUND") { return .queueNotFound }
            if message.hasPrefix("CLAIM_MISMATCH") { return .claimMismatch }
            if message.hasPrefix("CLAIM_REQUIRED") { return .claimRequired }
            if message.hasPrefix("CLAIM_INVALID") { return .claimInvalid }
            if message.hasPrefix("POST_TOO_LARGE") { return .postTooLarge(Int(message.split(separator: " ").dropFirst().first ?? "") ?? 0) }
            // Wrong or missing credentials, or an ACL user without the rights: Redis is there but
            // unusable for us, which the client should see as an outage (503), not a bug (500).
            if message.hasPrefix("NOAUTH") || message.hasPrefix("WRONGPASS") || message.hasPrefix("NOPERM")
                || message.contains("unauthenticated") {
                return .unavailable(message)
            }
            return .unexpectedReply(message)
        case .unavailable, .connectionLost, .timeout, .protocolError, .notReplicated:
            return .unavailable(redisError.description)
        }
    }
}
