/// The server's limits profile; batch size, claim limit and page size are capped to its maxima.
public enum LimitsProfile: String, Sendable, Codable, CaseIterable {
    case rackspace
    case zaqar

    /// Largest number of messages sent in one POST.
    public var maxBatch: Int { self == .rackspace ? 100 : 20 }
    /// Largest `limit` of a claim.
    public var maxClaimLimit: Int { self == .rackspace ? 100 : 20 }
    /// Largest `limit` of a message list page.
    public var maxPageLimit: Int { self == .rackspace ? 100 : 20 }
}
