/// A queue's identity: the project it belongs to (nil = the global namespace, used when a
/// request names no project) and its name. Ids of messages and claims are only valid inside it.
public struct QueueRef: Sendable, Hashable, CustomStringConvertible {
    public var project: String?
    public var name: String

    public init(project: String?, name: String) {
        self.project = project
        self.name = name
    }

    public var description: String { "\(project ?? "")/\(name)" }
}
