/// Canonical hrefs: always `/v1/queues/...`, never with the project id (contract §1, §4).
/// Queue names and ids need no escaping (names are `[A-Za-z0-9_-]`, ids hex).
enum Hrefs {
    static func queues() -> String { "/v1/queues" }
    static func queue(_ q: String) -> String { "/v1/queues/" + q }
    static func metadata(_ q: String) -> String { "/v1/queues/" + q + "/metadata" }
    static func messages(_ q: String) -> String { "/v1/queues/" + q + "/messages" }
    static func message(_ q: String, _ id: String) -> String { "/v1/queues/" + q + "/messages/" + id }
    static func message(_ q: String, _ id: String, claim: String) -> String {
        "/v1/queues/" + q + "/messages/" + id + "?claim_id=" + claim
    }
    static func claim(_ q: String, _ id: String) -> String { "/v1/queues/" + q + "/claims/" + id }
}
