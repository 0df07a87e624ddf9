import Hummingbird
import HTTPTypes
import NIOCore
import QueueStore

/// Long polling (`wait=N` on claim create and message listing, every version): the request
/// waits up to N seconds for something to hand out (`QueueStore.waiting`).
extension RequestCall {
    /// The deadline `wait=N` asks for (0 to `max` s); nil without `wait` or with 0 (answer at once).
    func waitDeadline(max: Int) throws(APIError) -> NIODeadline? {
        let seconds = try intParameter("wait", default: 0, range: 0...max)
        return seconds == 0 ? nil : .now() + .seconds(Int64(seconds))
    }
}

extension QueueStore {
    /// A claim, waiting until `deadline` when given. A claim made while the client was going
    /// away is released (`abandon`), and so is one whose answer could not be written.
    func claim(
        _ queue: QueueRef, ttl: Int, grace: Int, limit: Int, waitingUntil deadline: NIODeadline?,
        call: some RequestCall
    ) async throws(StoreError) -> Claim? {
        guard let deadline else { return try await createClaim(queue, ttl: ttl, grace: grace, limit: limit, on: call.eventLoop) }
        return try await waiting(
            for: queue, kind: .claim, until: deadline, closed: call.connectionClosed, on: call.eventLoop,
            abandon: { claim in try? await self.deleteClaim(queue, id: claim.id, on: call.eventLoop) }
        ) { () async throws(StoreError) -> Claim? in
            try await createClaim(queue, ttl: ttl, grace: grace, limit: limit, on: call.eventLoop)
        }
    }
}

extension QueueStore {
    /// A page of messages, waiting until `deadline` (when given) for one that is not empty.
    func listMessages(
        _ queue: QueueRef, _ query: MessageQuery, waitingUntil deadline: NIODeadline?, call: some RequestCall
    ) async throws(StoreError) -> MessagePage? {
        guard let deadline else { return try await listMessages(queue, query, on: call.eventLoop) }
        return try await waiting(for: queue, kind: .listing, until: deadline, closed: call.connectionClosed, on: call.eventLoop) {
            () async throws(StoreError) -> MessagePage? in
            try await listMessages(queue, query, on: call.eventLoop)
        }
    }
}

extension Response {
    /// The answer to a claim that waited: if writing it fails (the client left at the last
    /// moment), the claim is released so its messages are not hidden for the claim's ttl.
    static func claimed(
        _ status: HTTPResponse.Status, _ writer: JSONWriter, headers: HTTPFields, waited: Bool,
        release: @escaping @Sendable () async -> Void
    ) -> Response {
        guard waited else { return .json(status, writer, headers: headers) }
        var headers = headers
        headers[.contentType] = JSONWriter.contentType
        let buffer = writer.buffer
        return Response(status: status, headers: headers, body: ResponseBody(contentLength: buffer.readableBytes) { writer in
            do {
                try await writer.write(buffer)
                try await writer.finish(nil)
            } catch {
                await release()
                throw error
            }
        })
    }
}
