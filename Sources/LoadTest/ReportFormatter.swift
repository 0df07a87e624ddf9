import Foundation

/// The human-readable report: one line per role and operation, then the checker's counters.
public enum ReportFormatter {
    public static func text(_ report: BenchReport) -> String {
        let c = report.configuration
        var lines: [String] = []
        lines.append("cloud-queues bench: api \(c.api.rawValue), http://\(c.url.hostHeader)\(c.url.apiPath), project \(c.project), \(report.queues.count) queue(s), "
            + "\(c.producers) producer(s) (batch \(c.batch), \(c.bodyBytes) B), \(c.consumers) consumer(s) (claim limit \(c.claimLimit)"
            + (c.wait > 0 ? ", wait \(c.wait) s" : "")
            + (c.consumerURL.map { ", through http://\($0.hostHeader)\($0.apiPath)" } ?? "") + "), "
            + "\(c.observers) observer(s)")
        lines.append(String(format: "producing %.1f s, drain %.1f s", report.producingSeconds, report.drainSeconds))
        lines.append("")
        let header = ["role", "operation", "count", "req/s", "msg/s", "empty", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors"]
        var rows = [header]
        for role in report.roles {
            for op in role.operations {
                let l = op.latencyMs
                rows.append([
                    role.role.rawValue, op.operation.rawValue, String(op.count), number(op.requestsPerSecond),
                    op.messagesPerSecond.map(number) ?? "-", op.empty.map(String.init) ?? "-",
                    ms(l.p50), ms(l.p90), ms(l.p99), ms(l.p999), ms(l.max), errors(op.errors),
                ])
            }
        }
        lines += table(rows)
        if let k = report.checker {
            lines.append("")
            lines.append("checker: posted \(k.posted), delivered \(k.delivered), observed \(k.observed), deleted \(k.deleted), "
                + "expired undelivered \(k.expiredUndelivered), redelivered after lapse \(k.redeliveredAfterLapse), "
                + "unacknowledged delivered \(k.unacknowledgedDelivered), claimed after delete \(k.claimedAfterDelete)")
            lines.append("checker: lost \(k.lost), overlapping claims \(k.overlappingClaims), phantom \(k.phantom) -> "
                + (k.passed ? "PASS" : "FAIL"))
            for (counter, keys) in k.examples.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(counter) e.g. \(keys.joined(separator: " "))")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func number(_ value: Double) -> String { String(format: "%.1f", value) }
    private static func ms(_ value: Double) -> String { String(format: "%.3f", value) }

    private static func errors(_ errors: [String: Int]) -> String {
        errors.isEmpty ? "0" : errors.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: " ")
    }

    /// Left-aligns the first two columns and right-aligns the others.
    private static func table(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i < 2 || i == row.count - 1 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}
