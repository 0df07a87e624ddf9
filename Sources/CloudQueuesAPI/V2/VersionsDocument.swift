import HTTPTypes
import Hummingbird

/// `GET /`: the versions document (300 Multiple Choices), the shape Zaqar serves and
/// keystoneauth's version discovery reads (openstacksdk finds `/v2/` through it).
enum VersionsDocument {
    static func respond() -> Response {
        var writer = JSONWriter(capacity: 1024)
        writer.raw(document)
        return Response(status: .multipleChoices, headers: [.contentType: JSONWriter.contentType],
                        body: .init(byteBuffer: writer.buffer))
    }

    private static let document: String = {
        let versions = [
            ("1", "DEPRECATED", "2014-9-11T17:47:05Z", "v1"),
            ("1.1", "DEPRECATED", "2016-7-29T02:22:47Z", "v1.1"),
            ("2", "CURRENT", "2014-9-24T04:06:47Z", "v2"),
        ]
        let entries = versions.map { id, status, updated, path in
            // Zaqar names v1.1's media type with an underscore.
            "{\"id\":\"\(id)\",\"status\":\"\(status)\",\"updated\":\"\(updated)\","
                + "\"media-types\":[{\"base\":\"application/json\",\"type\":\"application/vnd.openstack.messaging-v\(id.replacingOccurrences(of: ".", with: "_"))+json\"}],"
                + "\"links\":[{\"href\":\"/\(path)/\",\"rel\":\"self\"}]}"
        }
        return "{\"versions\":[" + entries.joined(separator: ",") + "]}"
    }()
}

/// `GET /v2/` and `/v1.1/`: the JSON-Home document of the version, built once per version.
enum V2HomeDocument {
    static func respond(_ version: APIVersion) -> Response {
        var writer = JSONWriter(capacity: 4096)
        writer.raw(version == .v2 ? v2 : v1_1)
        var headers: HTTPFields = [.contentType: "application/json-home"]
        headers[.cacheControl] = "max-age=86400"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: writer.buffer))
    }

    private static let v2 = document(.v2)
    private static let v1_1 = document(.v1_1)

    private static func document(_ version: APIVersion) -> String {
        let p = version.prefix
        // Zaqar's relation names (clients look resources up by them).
        let q = p + "/queues/{queue_name}"
        var rels: [(String, String, [String], [String])] = [
            ("rel/queues", p + "/queues{?marker,limit,detailed}", ["marker", "limit", "detailed"], ["GET"]),
            ("rel/queue", q, ["queue_name"], version == .v2 ? ["GET", "PUT", "DELETE", "PATCH"] : ["GET", "PUT", "DELETE"]),
            ("rel/queue_stats", q + "/stats", ["queue_name"], ["GET"]),
            ("rel/messages", q + "/messages{?marker,limit,echo,include_claimed}",
             ["queue_name", "marker", "limit", "echo", "include_claimed"], ["GET"]),
            ("rel/post_messages", q + "/messages", ["queue_name"], ["POST"]),
            ("rel/messages_delete", q + "/messages{?ids,pop}", ["queue_name", "ids", "pop"], ["DELETE"]),
            ("rel/message_delete", q + "/messages/{message_id}{?claim}", ["queue_name", "message_id", "claim"], ["DELETE"]),
            ("rel/message_get", q + "/messages/{message_id}", ["queue_name", "message_id"], ["GET"]),
            ("rel/claim", q + "/claims/{claim_id}", ["queue_name", "claim_id"], ["GET"]),
            ("rel/post_claim", q + "/claims{?limit}", ["queue_name", "limit"], ["POST"]),
            ("rel/patch_claim", q + "/claims/{claim_id}", ["queue_name", "claim_id"], ["PATCH"]),
            ("rel/delete_claim", q + "/claims/{claim_id}", ["queue_name", "claim_id"], ["DELETE"]),
            ("rel/ping", p + "/ping", [], ["GET", "HEAD"]),
            ("rel/health", p + "/health", [], ["GET"]),
        ]
        if version == .v2 {
            rels += [
                ("rel/queue_share", q + "/share", ["queue_name"], ["POST"]),
                ("rel/queue_purge", q + "/purge", ["queue_name"], ["POST"]),
                ("rel/subscriptions_get", q + "/subscriptions{?marker,limit}", ["queue_name", "marker", "limit"], ["GET"]),
                ("rel/subscriptions_post", q + "/subscriptions", ["queue_name"], ["POST"]),
                ("rel/subscription", q + "/subscriptions/{subscription_id}", ["queue_name", "subscription_id"], ["GET", "DELETE"]),
                ("rel/subscription_patch", q + "/subscriptions/{subscription_id}", ["queue_name", "subscription_id"], ["PATCH"]),
                ("rel/subscription_confirm", q + "/subscriptions/{subscription_id}/confirm", ["queue_name", "subscription_id"], ["PUT"]),
            ]
        }
        let resources = rels.map { name, template, vars, allow in
            let hrefVars = vars.map { "\"\($0)\":\"param/\($0)\"" }.joined(separator: ",")
            let methods = allow.map { "\"\($0)\"" }.joined(separator: ",")
            return "\"\(name)\":{\"href-template\":\"\(template)\",\"href-vars\":{\(hrefVars)},"
                + "\"hints\":{\"allow\":[\(methods)],\"formats\":{\"application/json\":{}}}}"
        }
        return "{\"resources\":{" + resources.joined(separator: ",") + "}}"
    }
}
