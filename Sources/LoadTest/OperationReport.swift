/// The figures of one operation of one role.
public struct OperationReport: Sendable, Codable, Equatable {
    public var operation: Operation
    public var count: Int
    public var requestsPerSecond: Double
    /// Messages carried (post, claim, list); nil for other operations.
    public var messages: Int?
    public var messagesPerSecond: Double?
    public var latencyMs: LatencySummary
    /// Errors by status code or `transport`.
    public var errors: [String: Int]

    public init(operation: Operation, stats: OperationStats, seconds: Double) {
        let carriesMessages = [.post, .claim, .list].contains(operation)
        let per = seconds > 0 ? 1 / seconds : 0
        self.operation = operation
        count = stats.count
        requestsPerSecond = Double(stats.count) * per
        messages = carriesMessages ? stats.messages : nil
        messagesPerSecond = carriesMessages ? Double(stats.messages) * per : nil
        latencyMs = LatencySummary(microseconds: stats.latency)
        errors = stats.errors
    }

    private enum CodingKeys: String, CodingKey {
        case operation, count, requestsPerSecond = "requests_per_second", messages
        case messagesPerSecond = "messages_per_second", latencyMs = "latency_ms", errors
    }
}
