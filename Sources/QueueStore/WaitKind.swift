/// What a long-polling request waits for.
public enum WaitKind: Sendable {
    /// A claim (or anything that consumes): waiters of one queue are woken one at a time, in
    /// arrival order, each passing the turn on when it got messages (there may be more).
    case claim
    /// A listing: every waiter of the queue is woken (reading takes nothing from the others).
    case listing
}

/// Why a parked waiter resumed.
enum WakeReason: Sendable {
    /// Something may have become claimable (a publish, a recheck, a resubscription).
    case wake
    /// The waiter's deadline passed.
    case deadline
    /// The waiting client's connection closed.
    case gone
}
