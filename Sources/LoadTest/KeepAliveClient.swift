import NIOCore
import NIOHTTP1

/// A worker's HTTP client: one keep-alive connection, opened lazily and reopened after any
/// failure; every request carries the worker's headers and is timed.
final class KeepAliveClient {
    /// What came of one request.
    struct Outcome {
        /// The response, or nil after a transport failure.
        var response: HTTPResponse?
        /// Nanoseconds from sending to the complete response (or the failure).
        var latencyNanos: UInt64
        var status: Int? { response?.status }
    }

    private let base: BaseURL
    private let group: EventLoopGroup
    private let timeout: TimeAmount
    private let headers: HTTPHeaders
    private var connection: HTTPConnection?

    init(base: BaseURL, group: EventLoopGroup, timeout: TimeAmount, project: String, clientID: String) {
        self.base = base
        self.group = group
        self.timeout = timeout
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: base.hostHeader)
        headers.add(name: "User-Agent", value: "cloud-queues-bench")
        headers.add(name: "Accept", value: "application/json")
        headers.add(name: "X-Project-Id", value: project)
        headers.add(name: "Client-ID", value: clientID)
        self.headers = headers
    }

    /// Sends `method path` (path below the API prefix, e.g. `/queues/q/messages`).
    func send(_ method: HTTPMethod, _ path: String, body: ByteBuffer? = nil) async -> Outcome {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: base.apiPath + path, headers: headers)
        if let body {
            head.headers.add(name: "Content-Type", value: "application/json")
            head.headers.add(name: "Content-Length", value: String(body.readableBytes))
        } else if method == .POST || method == .PUT {
            head.headers.add(name: "Content-Length", value: "0")
        }
        let start = NIODeadline.now()
        do {
            let connection = try await connected()
            let response = try await connection.send(head: head, body: body, timeout: timeout)
            if response.closeConnection { drop() }
            return Outcome(response: response, latencyNanos: elapsed(since: start))
        } catch {
            drop()
            return Outcome(response: nil, latencyNanos: elapsed(since: start))
        }
    }

    /// Closes the connection.
    func close() { drop() }

    private func connected() async throws -> HTTPConnection {
        if let connection, connection.channel.isActive { return connection }
        drop()
        let fresh = try await HTTPConnection.connect(host: base.host, port: base.port, group: group, timeout: timeout)
        connection = fresh
        return fresh
    }

    private func drop() {
        connection?.close()
        connection = nil
    }

    private func elapsed(since start: NIODeadline) -> UInt64 {
        UInt64(max(0, (NIODeadline.now() - start).nanoseconds))
    }
}
