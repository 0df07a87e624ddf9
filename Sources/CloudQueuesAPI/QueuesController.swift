import HTTPTypes
import Hummingbird
import QueueStore

/// `/v1/queues` and `/v1/queues/{queue_name}` (contract §6.3–6.6).
struct QueuesController {
    let store: QueueStore
    let limits: Limits

    func list(_ call: APICall) async throws(APIError) -> Response {
        let limit = try call.intParameter("limit", default: limits.queuesPerPageDefault, range: 1...limits.queuesPerPageMax)
        let detailed = try call.boolParameter("detailed")
        let marker = call.stringParameter("marker")
        let queues: [QueueSummary]
        do {
            queues = try await store.listQueues(
                project: call.project, marker: marker, limit: limit, detailed: detailed ?? false, on: call.eventLoop)
        } catch {
            throw .from(error)
        }
        guard let last = queues.last else { return .noContent() }
        var json = JSONWriter(capacity: 64 * queues.count + 128)
        json.beginObject()
        json.key("queues")
        json.beginArray()
        for queue in queues {
            json.beginObject()
            json.member("name", string: queue.name)
            json.member("href", string: Hrefs.queue(queue.name))
            if let metadata = queue.metadata { json.member("metadata", raw: metadata) }
            json.endObject()
        }
        json.endArray()
        var next = Hrefs.queues() + "?"
        if call.stringParameter("limit") != nil { next += "limit=\(limit)&" }
        if let detailed { next += "detailed=\(detailed)&" }
        next += "marker=" + last.name
        json.nextLink(next)
        json.endObject()
        return .json(json, headers: .contentLocation(call.requestURI))
    }

    func create(_ call: APICall) async throws(APIError) -> Response {
        let created: Bool
        do { created = try await store.createQueue(call.queue, on: call.eventLoop) } catch { throw .from(error) }
        return Response(status: created ? .created : .noContent, headers: .location(Hrefs.queue(call.queue.name)))
    }

    /// HEAD and GET: 204 or a bodiless 404, both with `Content-Location`.
    func exists(_ call: APICall) async throws(APIError) -> Response {
        let exists: Bool
        do { exists = try await store.queueExists(call.queue, on: call.eventLoop) } catch { throw .from(error) }
        let headers = HTTPFields.contentLocation(call.requestURI)
        return Response(status: exists ? .noContent : .notFound, headers: headers)
    }

    func delete(_ call: APICall) async throws(APIError) -> Response {
        do { try await store.deleteQueue(call.queue, on: call.eventLoop) } catch { throw .from(error) }
        return .noContent()
    }
}

extension JSONWriter {
    /// `"links": [{"rel": "next", "href": ...}]`, present on every non-empty page.
    mutating func nextLink(_ href: String) {
        key("links")
        beginArray()
        beginObject()
        member("rel", string: "next")
        member("href", string: href)
        endObject()
        endArray()
    }
}
