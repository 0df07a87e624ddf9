/// The one place workers report to: statistics per role and operation, the checker's events,
/// the message budget of `--messages`, and the current phase.
actor Recorder {
    private var stats: [StatKey: OperationStats] = [:]
    private var checker: QueueChecker?
    private var progress = ProgressSnapshot()
    /// Messages producers may still post (nil = no limit).
    private var budget: Int?

    /// The run's phase; workers stop or drain by it.
    private(set) var phase: Phase = .producing

    init(check: Bool, messages: Int) {
        checker = check ? QueueChecker() : nil
        budget = messages > 0 ? messages : nil
    }

    /// Records one request and returns the current phase.
    @discardableResult
    func record(_ role: Role, _ operation: Operation, _ outcome: KeepAliveClient.Outcome, messages: Int = 0, events: [QueueChecker.Event] = []) -> Phase {
        let success = outcome.status.map(operation.successStatuses.contains) ?? false
        stats[StatKey(role, operation), default: OperationStats()]
            .record(status: outcome.status, success: success, latencyMicros: outcome.latencyNanos / 1000, messages: messages,
                    countsEmpty: operation.carriesMessages)
        progress.requests[role, default: 0] += 1
        if !success { progress.errors += 1 }
        if !events.isEmpty { checker?.record(events) }
        return phase
    }

    /// Takes up to `count` messages from the budget; 0 means the budget is spent.
    func reserve(_ count: Int) -> Int {
        guard let remaining = budget else { return count }
        let granted = min(count, remaining)
        budget = remaining - granted
        return granted
    }

    /// Returns messages to the budget (their POST failed).
    func release(_ count: Int) {
        if let remaining = budget { budget = remaining + count }
    }

    func setPhase(_ phase: Phase) {
        self.phase = phase
    }

    func snapshot() -> ProgressSnapshot {
        var s = progress
        s.phase = phase
        return s
    }

    func statistics() -> [StatKey: OperationStats] { stats }

    /// The checker's verdict at `end`, or nil when checking is off.
    func checkerReport(at end: Double) -> CheckerReport? { checker?.report(at: end) }
}
