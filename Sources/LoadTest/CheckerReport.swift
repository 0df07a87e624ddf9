/// The checker's counters. `lost`, `overlappingClaims` and `phantom` must be 0.
public struct CheckerReport: Sendable, Codable, Equatable {
    /// Messages acknowledged by a POST.
    public var posted = 0
    /// Messages handed out by at least one claim.
    public var delivered = 0
    /// Messages seen by at least one observer.
    public var observed = 0
    /// Messages deleted with their claim id.
    public var deleted = 0
    /// Acknowledged, never delivered, but past their ttl at the end (allowed).
    public var expiredUndelivered = 0
    /// Delivered messages from POSTs whose outcome was unknown (allowed).
    public var unacknowledgedDelivered = 0
    /// Handed out again by a new claim after the earlier claim had lapsed (allowed).
    public var redeliveredAfterLapse = 0
    /// Handed out by a claim after a successful delete (informational: client-side times
    /// cannot order these reliably).
    public var claimedAfterDelete = 0
    /// Acknowledged, never delivered to a consumer or observer, and not expired (must be 0).
    public var lost = 0
    /// Handed out by a second claim while an earlier claim on it was live (must be 0).
    public var overlappingClaims = 0
    /// Delivered but never posted by this run (must be 0).
    public var phantom = 0
    /// Up to five message keys per failing counter.
    public var examples: [String: [String]] = [:]

    public init() {}

    /// True when every must-be-0 counter is 0.
    public var passed: Bool { lost == 0 && overlappingClaims == 0 && phantom == 0 }

    private enum CodingKeys: String, CodingKey {
        case posted, delivered, observed, deleted
        case expiredUndelivered = "expired_undelivered"
        case unacknowledgedDelivered = "unacknowledged_delivered"
        case redeliveredAfterLapse = "redelivered_after_lapse"
        case claimedAfterDelete = "claimed_after_delete"
        case lost, overlappingClaims = "overlapping_claims", phantom, examples, passed
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        posted = try c.decode(Int.self, forKey: .posted)
        delivered = try c.decode(Int.self, forKey: .delivered)
        observed = try c.decode(Int.self, forKey: .observed)
        deleted = try c.decode(Int.self, forKey: .deleted)
        expiredUndelivered = try c.decode(Int.self, forKey: .expiredUndelivered)
        unacknowledgedDelivered = try c.decode(Int.self, forKey: .unacknowledgedDelivered)
        redeliveredAfterLapse = try c.decode(Int.self, forKey: .redeliveredAfterLapse)
        claimedAfterDelete = try c.decode(Int.self, forKey: .claimedAfterDelete)
        lost = try c.decode(Int.self, forKey: .lost)
        overlappingClaims = try c.decode(Int.self, forKey: .overlappingClaims)
        phantom = try c.decode(Int.self, forKey: .phantom)
        examples = try c.decodeIfPresent([String: [String]].self, forKey: .examples) ?? [:]
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(posted, forKey: .posted)
        try c.encode(delivered, forKey: .delivered)
        try c.encode(observed, forKey: .observed)
        try c.encode(deleted, forKey: .deleted)
        try c.encode(expiredUndelivered, forKey: .expiredUndelivered)
        try c.encode(unacknowledgedDelivered, forKey: .unacknowledgedDelivered)
        try c.encode(redeliveredAfterLapse, forKey: .redeliveredAfterLapse)
        try c.encode(claimedAfterDelete, forKey: .claimedAfterDelete)
        try c.encode(lost, forKey: .lost)
        try c.encode(overlappingClaims, forKey: .overlappingClaims)
        try c.encode(phantom, forKey: .phantom)
        try c.encode(examples, forKey: .examples)
        try c.encode(passed, forKey: .passed)
    }
}
