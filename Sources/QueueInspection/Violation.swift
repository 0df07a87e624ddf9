import QueueStore

/// A broken invariant of the data model (`lua/README.md`, "Invariants").
public struct Violation: Sendable, Codable, Equatable, CustomStringConvertible {
    /// A stable name for scripts and tests, e.g. `missing_record`.
    public var code: String
    /// The queue, as its index member `<P>/<Q>` (empty for keys outside queues).
    public var queue: String
    /// What is wrong, with the ids involved.
    public var detail: String

    public init(_ code: String, _ queue: QueueRef?, _ detail: String) {
        self.code = code
        self.queue = queue.map(Keys.indexMember) ?? ""
        self.detail = detail
    }

    public var description: String { "\(code) \(queue.isEmpty ? "-" : queue): \(detail)" }
}
