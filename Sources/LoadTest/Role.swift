/// What a worker does; the report groups operations by role.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Creates the queues before the run and deletes them after it.
    case setup
    /// Posts batches of messages.
    case producer
    /// Claims messages and deletes each with its claim id.
    case consumer
    /// Pages through the queues with `echo=true`, following the `next` marker.
    case observer

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
