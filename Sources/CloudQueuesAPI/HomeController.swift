import HTTPTypes
import Hummingbird

/// `GET /v1`: the JSON-Home document (contract §6.1), built once.
enum HomeController {
    static func respond() -> Response {
        var writer = JSONWriter(capacity: 2048)
        writer.raw(document)
        var headers: HTTPFields = [.contentType: "application/json-home"]
        headers[.cacheControl] = "max-age=86400"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: writer.buffer))
    }

    private static let document: String = {
        struct Rel {
            var name: String, template: String, vars: [(String, String)], allow: [String], post: Bool
        }
        let rels = [
            Rel(name: "rel/queues", template: "/v1/queues{?marker,limit,detailed}",
                vars: [("marker", "param/marker"), ("limit", "param/queue_limit"), ("detailed", "param/detailed")],
                allow: ["GET"], post: false),
            Rel(name: "rel/queue", template: "/v1/queues/{queue_name}", vars: [("queue_name", "param/queue_name")],
                allow: ["GET", "HEAD", "PUT", "DELETE"], post: false),
            Rel(name: "rel/queue-metadata", template: "/v1/queues/{queue_name}/metadata",
                vars: [("queue_name", "param/queue_name")], allow: ["GET", "PUT"], post: false),
            Rel(name: "rel/queue-stats", template: "/v1/queues/{queue_name}/stats",
                vars: [("queue_name", "param/queue_name")], allow: ["GET"], post: false),
            Rel(name: "rel/messages", template: "/v1/queues/{queue_name}/messages{?marker,limit,echo,include_claimed}",
                vars: [("queue_name", "param/queue_name"), ("marker", "param/marker"), ("limit", "param/messages_limit"),
                       ("echo", "param/echo"), ("include_claimed", "param/include_claimed")],
                allow: ["GET"], post: false),
            Rel(name: "rel/post-messages", template: "/v1/queues/{queue_name}/messages",
                vars: [("queue_name", "param/queue_name")], allow: ["POST"], post: true),
            Rel(name: "rel/claim", template: "/v1/queues/{queue_name}/claims{?limit}",
                vars: [("queue_name", "param/queue_name"), ("limit", "param/claim_limit")], allow: ["POST"], post: true),
        ]
        let resources = rels.map { rel in
            let vars = rel.vars.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",")
            let allow = rel.allow.map { "\"\($0)\"" }.joined(separator: ",")
            let acceptPost = rel.post ? ",\"accept-post\":[\"application/json\"]" : ""
            return "\"\(rel.name)\":{\"href-template\":\"\(rel.template)\",\"href-vars\":{\(vars)},"
                + "\"hints\":{\"allow\":[\(allow)],\"formats\":{\"application/json\":{}}\(acceptPost)}}"
        }
        return "{\"resources\":{" + resources.joined(separator: ",") + "}}"
    }()
}
