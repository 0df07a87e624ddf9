/// Everything a load-test run needs; `cloud-queues bench` fills it from its command line.
public struct BenchConfiguration: Sendable, Codable, Equatable {
    public var url: BaseURL
    /// The gateway consumers claim and delete through (nil = `url`): with another gateway than
    /// the producers', a waiting claim is woken across gateways.
    public var consumerURL: BaseURL?
    /// The API version driven; `url` ends with its segment.
    public var api: APIDialect
    public var project: String = "bench"
    public var queues = 1
    public var producers = 2
    public var consumers = 2
    public var observers = 0
    /// Seconds of the producing phase.
    public var duration: Double = 10
    /// Stop producing after this many acknowledged messages (0 = no limit).
    public var messages = 0
    public var bodyBytes = 200
    public var batch = 1
    public var claimLimit = 10
    public var claimTTL = 60
    public var claimGrace = 60
    /// Seconds a consumer's claim may wait for a message (`wait=N`, long polling; 0 = answer at once).
    public var wait = 0
    public var messageTTL = 300
    /// Messages per observer page.
    public var pageLimit = 10
    public var limits: LimitsProfile = .rackspace
    public var check = false
    /// Longest time consumers get to empty the queues after producing stopped.
    public var drainSeconds: Double = 30
    public var keep = false
    public var requestTimeout: Double = 10
    public var clientThreads = 1

    public init(url: BaseURL, api: APIDialect = .v1) {
        self.url = url
        self.api = api
    }

    /// A consumer's claim request, below the API prefix: `?limit=N`, and `&wait=N` with `wait`
    /// unless `draining` (producers have stopped: nothing is coming to wait for).
    func claimPath(_ queue: String, draining: Bool = false) -> String {
        "/queues/\(queue)/claims?limit=\(claimLimit)" + (wait > 0 && !draining ? "&wait=\(wait)" : "")
    }

    /// The configuration with batch, claim limit and page size capped to the limits profile,
    /// and a note for each value that was lowered.
    public func capped() -> (BenchConfiguration, [String]) {
        var c = self
        var notes: [String] = []
        func cap(_ name: String, _ value: inout Int, _ max: Int) {
            if value > max {
                notes.append("\(name) \(value) capped to \(max) (\(limits.rawValue) limits)")
                value = max
            }
            value = Swift.max(value, 1)
        }
        cap("--batch", &c.batch, limits.maxBatch)
        cap("--claim-limit", &c.claimLimit, limits.maxClaimLimit)
        cap("--page-limit", &c.pageLimit, limits.maxPageLimit)
        return (c, notes)
    }

    private enum CodingKeys: String, CodingKey {
        case project, queues, producers, consumers, observers, duration, messages
        case bodyBytes = "body_bytes", batch, claimLimit = "claim_limit", claimTTL = "claim_ttl"
        case claimGrace = "claim_grace", messageTTL = "message_ttl", pageLimit = "page_limit", limits
        case check, drainSeconds = "drain_seconds", keep, requestTimeout = "request_timeout"
        case clientThreads = "client_threads", url, api, consumerURL = "consumer_url", wait
    }
}

extension BaseURL: Codable {
    public init(from decoder: Decoder) throws {
        try self.init(verbatim: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode("http://\(hostHeader)\(apiPath)")
    }
}
