import Hummingbird
import QueueStore

/// `GET /v1/health` (204 when Redis answers, else 503) and `HEAD /v1/health` (always 204).
struct HealthController {
    let store: QueueStore

    func respond(_ call: APICall) async throws(APIError) -> Response {
        if call.request.method == .head { return .noContent() }
        guard await store.ping(on: call.eventLoop) else { throw .unavailable("Redis is not answering.") }
        return .noContent()
    }
}
