import Hummingbird
import JSONText
import QueueStore

/// `/v1/queues/{queue_name}/metadata` (contract §6.7–6.8).
struct MetadataController {
    let store: QueueStore
    let limits: Limits

    func get(_ call: APICall) async throws(APIError) -> Response {
        let metadata: String
        do { metadata = try await store.metadata(call.queue, on: call.eventLoop) } catch { throw .from(error) }
        var json = JSONWriter(capacity: metadata.utf8.count)
        json.raw(metadata)
        return .json(json, headers: .contentLocation(call.requestURI))
    }

    func put(_ call: APICall) async throws(APIError) -> Response {
        let body = try await call.readJSONBody(
            maxBytes: limits.metadataMaxBytes, maxDepth: limits.jsonMaxDepth,
            tooLarge: .invalidRequest("Queue metadata is too large. Max size: \(limits.metadataMaxBytes)."))
        guard body.top.kind == .object else { throw .invalidBody("Document type not supported: metadata must be a JSON object.") }
        if let reserved = body.objectMembers().keys.first(where: { $0.hasPrefix("_") }) {
            throw .invalidRequest("Metadata keys starting with an underscore are reserved (\"\(reserved)\").")
        }
        // The document has no reserved attributes (refused above), so the queue keeps no v2
        // settings either (docs/api-v2.md).
        do { try await store.setMetadata(call.queue, body.text(body.top), settings: QueueSettings(), on: call.eventLoop) } catch {
            throw .from(error)
        }
        return .noContent(.location(Hrefs.metadata(call.queue.name)))
    }
}
