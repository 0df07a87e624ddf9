/// Where a run is; workers learn it from every ``Recorder/record(_:_:_:messages:events:)`` reply.
public enum Phase: Sendable, Equatable {
    /// Producers post; consumers and observers work alongside.
    case producing
    /// Producers are done; consumers empty the queues until the deadline (run-clock seconds).
    case draining(until: Double)
    /// Everyone stops.
    case stopped
}
