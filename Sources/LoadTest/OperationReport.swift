/// The figures of one operation of one role.
public struct OperationReport: Sendable, Codable, Equatable {
    public var operation: Operation
    public var count: Int
    public var requestsPerSecond: Double
    /// Messages carried (post, claim, list); nil for other operations.
    public var messages: Int?
    public var messagesPerSecond: Double?
    /// Successful requests that carried no message (claims answered 204, empty pages); nil
    /// for operations that carry none.
    public var empty: Int?
    public var latencyMs: LatencySummary
    /// Errors by status code or `transport`.
    public var errors: [String: Int]

    public init(operation: Operation, stats: OperationStats, seconds: Double) {
        let carriesMessages = operation.carriesMessages
        let per = seconds > 0 ? 1 / seconds : 0
        self.operation = operation
        count = stats.count
        requestsPerSecond = Double(stats.count) * per
        messages = carriesMessages ? stats.messages : nil
        messagesPerSecond = carriesMessages ? Double(stats.messages) * per : nil
        empty = carriesMessages ? stats.empty : nil
        latencyMs = LatencySummary(microseconds: stats.latency)
        errors = stats.errors
    }

    private enum CodingKeys: String, CodingKey {
        case operation, count, requestsPerSecond = "requests_per_second", messages
        case messagesPerSecond = "messages_per_second", empty, latencyMs = "latency_ms", errors
    }
}
