/// One kind of HTTP request the load test sends.
public enum Operation: String, Sendable, Codable, CaseIterable, Comparable {
    case createQueue = "create_queue"
    case post
    case claim
    case delete
    case list
    case deleteQueue = "delete_queue"

    public static func < (lhs: Operation, rhs: Operation) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Whether successful requests carry messages (counted, and an empty one counted apart).
    var carriesMessages: Bool { [.post, .claim, .list].contains(self) }

    /// Statuses that count as success (everything else is an error of that status).
    var successStatuses: Set<Int> {
        switch self {
        case .createQueue: [201, 204]
        case .post: [201]
        case .claim: [201, 204]
        case .delete: [204]
        case .list: [200, 204]
        case .deleteQueue: [204]
        }
    }
}
