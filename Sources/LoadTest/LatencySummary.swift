import Histogram

/// Latency percentiles in milliseconds, taken from an HDR histogram of microseconds.
public struct LatencySummary: Sendable, Codable, Equatable {
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var max: Double

    public init(p50: Double, p90: Double, p99: Double, p999: Double, max: Double) {
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.p999 = p999
        self.max = max
    }

    /// Percentiles of `histogram` (values in microseconds); all 0 when it is empty.
    public init(microseconds histogram: Histogram<UInt64>) {
        func ms(_ micros: UInt64) -> Double { histogram.totalCount == 0 ? 0 : Double(micros) / 1000 }
        self.init(
            p50: ms(histogram.valueAtPercentile(50)),
            p90: ms(histogram.valueAtPercentile(90)),
            p99: ms(histogram.valueAtPercentile(99)),
            p999: ms(histogram.valueAtPercentile(99.9)),
            max: ms(histogram.maxRecorded))
    }

    private enum CodingKeys: String, CodingKey {
        case p50, p90, p99, p999 = "p99_9", max
    }
}
