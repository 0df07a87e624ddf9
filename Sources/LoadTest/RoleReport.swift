/// The operations of one role, with the seconds its rates are computed over.
public struct RoleReport: Sendable, Codable, Equatable {
    public var role: Role
    public var workers: Int
    /// Seconds the role was active (setup: creating plus deleting the queues).
    public var seconds: Double
    public var operations: [OperationReport]

    public init(role: Role, workers: Int, seconds: Double, operations: [OperationReport]) {
        self.role = role
        self.workers = workers
        self.seconds = seconds
        self.operations = operations
    }
}
