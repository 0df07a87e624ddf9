import NIOCore

/// Monotonic time since the start of a run, in nanoseconds and seconds.
public struct RunClock: Sendable {
    private let origin: UInt64

    public init() { origin = NIODeadline.now().uptimeNanoseconds }

    /// Nanoseconds since the run started.
    public var nanoseconds: UInt64 { NIODeadline.now().uptimeNanoseconds &- origin }

    /// Seconds since the run started.
    public var seconds: Double { Double(nanoseconds) / 1e9 }
}
