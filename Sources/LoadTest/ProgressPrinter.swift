import Foundation

/// Prints a progress line on stderr once a second: elapsed time, req/s per role, errors so far.
/// On a terminal the line is rewritten in place with `\r`; otherwise one line per second.
struct ProgressPrinter: Sendable {
    let recorder: Recorder
    let clock: RunClock
    let roles: [Role]
    private let isTTY = isatty(STDERR_FILENO) != 0

    init(recorder: Recorder, clock: RunClock, roles: [Role]) {
        self.recorder = recorder
        self.clock = clock
        self.roles = roles
    }

    /// Prints until cancelled.
    func run() async {
        var previous = await recorder.snapshot()
        var previousTime = clock.seconds
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: 1_000_000_000)
            if Task.isCancelled { break }
            let now = clock.seconds
            let snapshot = await recorder.snapshot()
            let interval = max(now - previousTime, 0.001)
            var line = String(format: "%5.1fs", now)
            for role in roles {
                let delta = snapshot.requests[role, default: 0] - previous.requests[role, default: 0]
                line += String(format: "  %@ %.0f req/s", role.rawValue, Double(delta) / interval)
            }
            line += "  errors \(snapshot.errors)"
            if case .draining = snapshot.phase { line += "  (draining)" }
            write(isTTY ? "\r" + line + "\u{1B}[K" : line + "\n")
            previous = snapshot
            previousTime = now
        }
    }

    /// Ends the in-place line on a terminal.
    func finish() {
        if isTTY { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
