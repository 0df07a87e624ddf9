/// Every limit of the API. `rackspace` (the default) takes the largest value Rackspace
/// documented, so no request its docs call valid is refused; `zaqar` is Zaqar's stricter set,
/// which Zaqar-derived conformance tests assume (contract §5).
public struct Limits: Sendable, Equatable {
    public var queueNameMaxLength = 64
    /// Zaqar >= 5.0 also allows `.` in queue names; v1 and Rackspace do not.
    public var queueNameAllowsDot = false
    public var projectIDMaxLength = 256
    public var queuesPerPageDefault = 10
    public var queuesPerPageMax = 1000
    public var messagesPerPageDefault = 10
    /// Also the maximum number of ids in get-by-ids and bulk delete.
    public var messagesPerPageMax = 100
    /// Optional cap on messages per POST (nil: only the body size bounds a batch).
    public var messagesPerPostMax: Int? = nil
    public var postBodyMaxBytes = 262_144
    public var metadataMaxBytes = 262_144
    public var messageTTL: ClosedRange<Int> = 60...1_209_600
    public var claimTTL: ClosedRange<Int> = 60...43_200
    public var claimGrace: ClosedRange<Int> = 60...43_200
    public var claimLimitDefault = 10
    public var claimLimitMax = 100
    /// Longest `wait` (s) of a long-polling claim or listing; keep it below the load balancer's
    /// server timeout (deploy/haproxy: 30 s).
    public var waitMax = 20
    /// Deepest JSON nesting accepted in bodies (deeper documents get a 400, not a stack overflow).
    public var jsonMaxDepth = 64

    public init() {}

    /// The Rackspace-documented limits (contract §5, REC column).
    public static let rackspace = Limits()

    /// Zaqar's defaults: 20 per page, per claim and per get-by-ids; 64 KiB of metadata.
    public static let zaqar: Limits = {
        var limits = Limits()
        limits.queuesPerPageMax = 20
        limits.messagesPerPageMax = 20
        limits.claimLimitMax = 20
        limits.metadataMaxBytes = 65_536
        return limits
    }()

    /// Overrides one limit by name, as given to `--limit NAME=VALUE` (names in `overridable`).
    public mutating func set(_ name: String, to raw: String) throws(LimitsError) {
        guard let value = Int(raw), value >= 0 else { throw LimitsError(message: "limit \(name) must be a whole number, not '\(raw)'") }
        switch name {
        case "queue_name_max_length": queueNameMaxLength = value
        case "queue_name_allows_dot": queueNameAllowsDot = value != 0
        case "project_id_max_length": projectIDMaxLength = value
        case "queues_per_page_max": queuesPerPageMax = value
        case "messages_per_page_max": messagesPerPageMax = value
        case "messages_per_post_max": messagesPerPostMax = value == 0 ? nil : value
        case "post_body_max_bytes": postBodyMaxBytes = value
        case "metadata_max_bytes": metadataMaxBytes = value
        case "message_ttl_max": messageTTL = messageTTL.lowerBound...max(messageTTL.lowerBound, value)
        case "claim_ttl_max": claimTTL = claimTTL.lowerBound...max(claimTTL.lowerBound, value)
        // Lower minimums (at least 1 s) shorten fault tests: a claim whose reply was lost
        // hides its messages until it lapses.
        case "message_ttl_min": messageTTL = max(1, min(value, messageTTL.upperBound))...messageTTL.upperBound
        case "claim_ttl_min": claimTTL = max(1, min(value, claimTTL.upperBound))...claimTTL.upperBound
        case "claim_grace_min": claimGrace = max(1, min(value, claimGrace.upperBound))...claimGrace.upperBound
        case "claim_grace_max": claimGrace = claimGrace.lowerBound...max(claimGrace.lowerBound, value)
        case "claim_limit_max": claimLimitMax = value
        case "json_max_depth": jsonMaxDepth = value
        case "wait_max": waitMax = value
        default: throw LimitsError(message: "unknown limit '\(name)'; known: \(Self.overridable.joined(separator: ", "))")
        }
    }

    /// The names `set(_:to:)` takes.
    public static let overridable = [
        "queue_name_max_length", "queue_name_allows_dot", "project_id_max_length", "queues_per_page_max",
        "messages_per_page_max", "messages_per_post_max", "post_body_max_bytes", "metadata_max_bytes",
        "message_ttl_max", "claim_ttl_max", "claim_grace_max", "claim_limit_max", "json_max_depth",
        "message_ttl_min", "claim_ttl_min", "claim_grace_min", "wait_max",
    ]

    /// A named profile, as given to `--limits`.
    public static func profile(named name: String) -> Limits? {
        switch name {
        case "rackspace": return .rackspace
        case "zaqar": return .zaqar
        default: return nil
        }
    }
}

/// A `--limit` override that names no limit or gives no number.
public struct LimitsError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
