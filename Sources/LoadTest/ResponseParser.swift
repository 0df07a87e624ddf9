import Foundation
import NIOCore

/// Reads the JSON replies the workers need (Foundation's JSONSerialization; off the send path).
enum ResponseParser {
    /// A message handed out by a claim.
    struct ClaimedMessage: Equatable {
        var id: String
        var claimID: String
        var tag: String?
    }

    /// A message seen in a list page.
    struct ListedMessage: Equatable {
        var id: String
        var tag: String?
    }

    /// Message ids of a POST reply (`{"resources":[href,…]}`, v1 adds `"partial"`), in posting order.
    static func postedIDs(_ body: ByteBuffer) -> [String]? {
        guard let object = json(body) as? [String: Any], let resources = object["resources"] as? [String] else { return nil }
        return resources.map(Href.lastSegment)
    }

    /// Messages of a claim reply (messages whose hrefs carry `?claim_id=`, in `api`'s envelope).
    static func claimed(_ body: ByteBuffer, api: APIDialect) -> [ClaimedMessage]? {
        guard let array = api.claimedMessages(json(body)) else { return nil }
        return array.compactMap { message in
            guard let href = message["href"] as? String, let claimID = Href.query("claim_id", in: href) else { return nil }
            return ClaimedMessage(id: Href.lastSegment(href), claimID: claimID, tag: MessagePayload.tag(ofBody: message["body"]))
        }
    }

    /// Messages of a list page and the marker of its `next` link (the same in v1 and v2).
    static func listed(_ body: ByteBuffer) -> (messages: [ListedMessage], nextMarker: String?)? {
        guard let object = json(body) as? [String: Any], let array = object["messages"] as? [[String: Any]] else { return nil }
        let messages = array.compactMap { message -> ListedMessage? in
            guard let href = message["href"] as? String else { return nil }
            return ListedMessage(id: Href.lastSegment(href), tag: MessagePayload.tag(ofBody: message["body"]))
        }
        let links = object["links"] as? [[String: Any]] ?? []
        let next = links.first { $0["rel"] as? String == "next" }?["href"] as? String
        return (messages, next.flatMap { Href.query("marker", in: $0) })
    }

    /// `messages.total` of a stats reply (free and claimed messages, v2 also delayed ones).
    static func totalMessages(_ body: ByteBuffer) -> Int? {
        guard let object = json(body) as? [String: Any], let messages = object["messages"] as? [String: Any] else { return nil }
        return (messages["total"] as? NSNumber)?.intValue
    }

    private static func json(_ body: ByteBuffer) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(body.readableBytesView), options: [.fragmentsAllowed])
    }
}
