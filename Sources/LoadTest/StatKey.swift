/// A role and one of its operations: the unit of the report.
public struct StatKey: Hashable, Sendable, Comparable {
    public var role: Role
    public var operation: Operation

    public init(_ role: Role, _ operation: Operation) {
        self.role = role
        self.operation = operation
    }

    public static func < (lhs: StatKey, rhs: StatKey) -> Bool {
        (lhs.role, lhs.operation) < (rhs.role, rhs.operation)
    }
}
