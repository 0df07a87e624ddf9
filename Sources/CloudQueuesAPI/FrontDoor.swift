import Auth

/// What a request must get past before the API looks at it: authentication and roles
/// (`--auth tokens`), the per-project rate limit and the transport's body cap. `open` is
/// `--auth none` without a rate limit: each check is then one branch and no Redis call.
public struct FrontDoor: Sendable {
    /// The valid tokens; nil means no authentication (the project comes from the URL or
    /// `X-Project-Id`, as without the front door).
    public var tokens: TokenStore?
    /// The per-project request rate; nil means no limit (and no extra Redis round trip).
    public var rateLimit: RateLimit?
    /// The largest request body the gateway reads at all (400 above it, or the connection closes); the API's own, lower
    /// limits (`post_body_max_bytes`, `metadata_max_bytes`) still answer 400 as the contract says.
    public var maxBodyBytes: Int

    public init(tokens: TokenStore? = nil, rateLimit: RateLimit? = nil, maxBodyBytes: Int = FrontDoor.defaultMaxBodyBytes) {
        self.tokens = tokens
        self.rateLimit = rateLimit
        self.maxBodyBytes = maxBodyBytes
    }

    public static let defaultMaxBodyBytes = 1 << 20
    public static let open = FrontDoor()
}

/// A per-project token bucket: `requestsPerSecond` refill, at most `burst` requests at once.
public struct RateLimit: Sendable {
    public var requestsPerSecond: Int
    public var burst: Int

    public init(requestsPerSecond: Int, burst: Int) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
    }
}
