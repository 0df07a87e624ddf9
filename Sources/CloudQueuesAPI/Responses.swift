import HTTPTypes
import QueueStore
import Hummingbird

extension Response {
    /// A JSON response (`application/json; charset=utf-8`).
    static func json(_ writer: JSONWriter, headers: HTTPFields = [:]) -> Response {
        json(.ok, writer, headers: headers)
    }

    static func json(_ status: HTTPResponse.Status, _ writer: JSONWriter, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = JSONWriter.contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: writer.buffer))
    }

    /// 204 No Content, with optional headers.
    static func noContent(_ headers: HTTPFields = [:]) -> Response {
        Response(status: .noContent, headers: headers)
    }
}

extension HTTPFields {
    static func location(_ value: String) -> HTTPFields { [.location: value] }
    static func contentLocation(_ value: String) -> HTTPFields { [.contentLocation: value] }
}

extension JSONWriter {
    /// A message object of the contract: exactly `href`, `ttl`, `age`, `body`.
    mutating func message(_ m: Message, href: String) {
        beginObject()
        member("href", string: href)
        member("ttl", int: m.ttl)
        member("age", int: m.age)
        member("body", raw: m.body)
        endObject()
    }
}
