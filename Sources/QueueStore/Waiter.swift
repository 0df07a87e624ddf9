import NIOCore

/// One long-polling request registered with `Wakeups`. Its fields are guarded by the hub's lock.
final class Waiter: @unchecked Sendable {
    let channel: String
    let kind: WaitKind
    let loop: any EventLoop
    /// Set while parked; taken by whoever resumes it (once).
    var continuation: CheckedContinuation<WakeReason, Never>?
    var deadlineTimer: Scheduled<Void>?
    /// The client's connection closed: never park again, never attempt again.
    var gone = false
    /// This claim waiter was woken and holds the queue's turn: it re-parks at the front, and it
    /// passes the turn on when it leaves or gets messages.
    var holdsTurn = false

    init(channel: String, kind: WaitKind, loop: any EventLoop) {
        self.channel = channel
        self.kind = kind
        self.loop = loop
    }
}
