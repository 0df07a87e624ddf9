import Histogram

/// Counters and the latency histogram (microseconds) of one operation of one role.
public struct OperationStats: Sendable {
    /// Requests sent (successes and errors).
    public private(set) var count = 0
    /// Messages carried by successful requests (posted, claimed or listed).
    public private(set) var messages = 0
    /// Successful requests that carried no message (a claim answered 204, an empty page).
    public private(set) var empty = 0
    /// Errors by HTTP status code, or `transport` for failures without a response.
    public private(set) var errors: [String: Int] = [:]
    /// Latency of every request that got a response, in microseconds.
    public private(set) var latency = OperationStats.makeHistogram()

    public init() {}

    /// A histogram for microsecond latencies from 1 µs to one hour (grows if needed), 3 digits.
    public static func makeHistogram() -> Histogram<UInt64> {
        var h = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
        h.autoResize = true
        return h
    }

    /// Records one request: its status (nil = transport failure), latency and messages carried;
    /// `countsEmpty`: a success carrying no message counts in `empty`.
    public mutating func record(status: Int?, success: Bool, latencyMicros: UInt64, messages: Int = 0, countsEmpty: Bool = false) {
        count += 1
        if let status {
            latency.record(Swift.max(latencyMicros, 1))
            if !success { errors[String(status), default: 0] += 1 }
        } else {
            errors["transport", default: 0] += 1
        }
        if success { self.messages += messages }
        if success, countsEmpty, messages == 0 { empty += 1 }
    }

    /// Total errors of every kind.
    public var errorCount: Int { errors.values.reduce(0, +) }
}
