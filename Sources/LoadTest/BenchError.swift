/// Why a run could not start.
public enum BenchError: Error, CustomStringConvertible {
    case createQueueFailed(queue: String, status: Int?)

    public var description: String {
        switch self {
        case let .createQueueFailed(queue, status):
            "could not create queue \(queue): " + (status.map { "HTTP \($0)" } ?? "no response")
        }
    }
}
