/// Running totals for the progress line.
struct ProgressSnapshot: Sendable {
    var requests: [Role: Int] = [:]
    var errors = 0
    var phase: Phase = .producing
}
