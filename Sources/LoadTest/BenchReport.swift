/// Everything a run measured; printed as a table and optionally written as JSON.
public struct BenchReport: Sendable, Codable, Equatable {
    public var configuration: BenchConfiguration
    public var queues: [String]
    /// Seconds of the producing phase.
    public var producingSeconds: Double
    /// Seconds the drain phase took.
    public var drainSeconds: Double
    public var roles: [RoleReport]
    /// The checker's verdict (only with `--check`).
    public var checker: CheckerReport?

    public init(configuration: BenchConfiguration, queues: [String], producingSeconds: Double, drainSeconds: Double,
                roles: [RoleReport], checker: CheckerReport?) {
        self.configuration = configuration
        self.queues = queues
        self.producingSeconds = producingSeconds
        self.drainSeconds = drainSeconds
        self.roles = roles
        self.checker = checker
    }

    /// Builds the role reports from the recorder's statistics; `seconds` gives each role's active time.
    public init(configuration: BenchConfiguration, queues: [String], producingSeconds: Double, drainSeconds: Double,
                statistics: [StatKey: OperationStats], workers: [Role: Int], seconds: [Role: Double], checker: CheckerReport?) {
        let roles = Set(statistics.keys.map(\.role)).sorted().map { role in
            let keys = statistics.keys.filter { $0.role == role }.sorted()
            return RoleReport(
                role: role, workers: workers[role] ?? 0, seconds: seconds[role] ?? 0,
                operations: keys.map { OperationReport(operation: $0.operation, stats: statistics[$0]!, seconds: seconds[role] ?? 0) })
        }
        self.init(configuration: configuration, queues: queues, producingSeconds: producingSeconds,
                  drainSeconds: drainSeconds, roles: roles, checker: checker)
    }

    /// False when the checker ran and a must-be-0 counter is not 0.
    public var passed: Bool { checker?.passed ?? true }

    private enum CodingKeys: String, CodingKey {
        case configuration, queues, producingSeconds = "producing_seconds", drainSeconds = "drain_seconds"
        case roles, checker
    }
}
