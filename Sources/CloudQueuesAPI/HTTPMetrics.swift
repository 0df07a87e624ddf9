import CoreMetrics
import HTTPTypes
import NIOConcurrencyHelpers

/// Request counters and duration histograms, by route template, method and status.
///
/// Creating a metric through swift-metrics builds label arrays and takes the backend's registry
/// lock, so each (route, method, status) gets its objects once and later requests find them in a
/// small table keyed by an integer (one uncontended lock, no strings).
final class HTTPMetrics: Sendable {
    struct Entry: Sendable {
        let requests: Counter
        let duration: Timer
    }

    static let requestsLabel = "cq_http_requests_total"
    static let durationLabel = "cq_http_request_duration_seconds"

    /// Route names: v1's, then v2's and v1.1's (`V2Route.templates`), then the versions document,
    /// the operational endpoints and unmatched paths.
    private static let apiRoutes = Route.templates.count + V2Route.templates.count
    static let versionsRoute = apiRoutes
    static let metricsRoute = apiRoutes + 1
    static let openAPIRoute = apiRoutes + 2
    static let unmatchedRoute = apiRoutes + 3
    static let routeNames = Route.templates + V2Route.templates + ["/", "/metrics", "/openapi.yaml", "unmatched"]
    private static let methods: [HTTPRequest.Method] = [.get, .head, .put, .post, .patch, .delete]

    private let entries = NIOLockedValueBox<[Int: Entry]>([:])

    /// Counts one request and records its duration.
    func record(route: Int, method: HTTPRequest.Method, status: Int, nanoseconds: Int64) {
        let methodIndex = Self.methods.firstIndex(of: method) ?? Self.methods.count
        let key = (route * 8 + methodIndex) * 1000 + min(max(status, 0), 999)
        let entry = entries.withLockedValue { table in
            if let entry = table[key] { return entry }
            let routeName = Self.routeNames[route]
            let methodName = methodIndex < Self.methods.count ? method.rawValue : "OTHER"
            let entry = Entry(
                requests: Counter(label: Self.requestsLabel, dimensions: [
                    ("route", routeName), ("method", methodName), ("status", String(status)),
                ]),
                duration: Timer(label: Self.durationLabel, dimensions: [("route", routeName), ("method", methodName)]))
            table[key] = entry
            return entry
        }
        entry.requests.increment()
        entry.duration.recordNanoseconds(nanoseconds)
    }
}
