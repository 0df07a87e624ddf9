/// The roles of Rackspace's Cloud Queues RBAC (contract §10), least to most permissive.
public enum Role: String, CaseIterable, Comparable, Sendable, Codable {
    /// Reads only: GET and HEAD.
    case observer
    /// Everything but deleting a queue.
    case creator
    /// Everything.
    case admin

    /// What a request does, as far as roles care.
    public enum Action: Sendable {
        /// GET or HEAD.
        case read
        /// Any other method, except DELETE of a queue.
        case write
        /// DELETE /v1/queues/{queue}.
        case deleteQueue
    }

    public func allows(_ action: Action) -> Bool {
        switch (self, action) {
        case (_, .read): return true
        case (.observer, _): return false
        case (.creator, .write): return true
        case (.creator, .deleteQueue): return false
        case (.admin, _): return true
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
