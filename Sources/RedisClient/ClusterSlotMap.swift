/// Which master serves each of the 16384 hash slots, as `CLUSTER SLOTS` reports it.
/// Masters are named by their `host:port` address (the form `MOVED` and `ASK` replies use).
public struct ClusterSlotMap: Sendable, Equatable {
    /// Every master that serves at least one slot, in the order first seen.
    public private(set) var masters: [String]
    /// Per slot: an index into `masters`, or `unassigned`.
    private var owners: [UInt16]
    private static let unassigned = UInt16.max

    public init() {
        masters = []
        owners = Array(repeating: Self.unassigned, count: HashSlot.count)
    }

    /// The master serving `slot`, nil when no node serves it.
    public func address(forSlot slot: Int) -> String? {
        let owner = owners[slot]
        return owner == Self.unassigned ? nil : masters[Int(owner)]
    }

    /// Number of slots some master serves (16384 when the cluster is complete).
    public var coveredSlots: Int { owners.lazy.filter { $0 != Self.unassigned }.count }

    /// Records that `address` now serves `slot` (what a `MOVED` reply says).
    public mutating func assign(slot: Int, to address: String) {
        var index = masters.firstIndex(of: address)
        if index == nil {
            masters.append(address)
            index = masters.count - 1
        }
        owners[slot] = UInt16(index!)
    }

    /// Reads a `CLUSTER SLOTS` reply: `[[start, end, [host, port, id, ...], replicas...], ...]`.
    /// A master announced with an empty host is reachable at `defaultHost` (the node asked).
    public static func parse(_ reply: RESPValue, defaultHost: String) throws(RedisError) -> ClusterSlotMap {
        guard let ranges = reply.array else { throw .protocolError("CLUSTER SLOTS: expected an array, got \(reply)") }
        var map = ClusterSlotMap()
        for range in ranges {
            guard let fields = range.array, fields.count >= 3,
                  let start = fields[0].int, let end = fields[1].int,
                  0 <= start, start <= end, end < HashSlot.count,
                  let master = fields[2].array, master.count >= 2,
                  let host = master[0].string, let port = master[1].int
            else { throw .protocolError("CLUSTER SLOTS: bad range \(range)") }
            let address = (host.isEmpty || host == "?" ? defaultHost : host) + ":" + String(port)
            for slot in Int(start)...Int(end) { map.assign(slot: slot, to: address) }
        }
        return map
    }
}

/// Splits `host:port` (the host may be an IPv6 address without brackets, as Redis writes it).
func splitAddress(_ address: String) -> (host: String, port: Int)? {
    guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
          (1...65535).contains(port)
    else { return nil }
    var host = String(address[..<colon])
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    guard !host.isEmpty else { return nil }
    return (host, port)
}
