import Hummingbird
import NIOCore

/// What every API version's request wrapper offers the shared readers (query parameters, body).
protocol RequestCall {
    var request: Request { get }
    var query: Parameters { get }
    var eventLoop: any EventLoop { get }
    var connectionClosed: EventLoopFuture<Void> { get }
}

/// Typed reads of query parameters with the contract's 400s (§4): integers in a range,
/// Falcon's boolean words, comma-separated lists. An empty value counts as absent.
extension RequestCall {
    func intParameter(_ name: Substring, default value: Int, range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let raw = query[name], !raw.isEmpty else { return value }
        guard let n = Int(raw) else { throw .invalidParameter(String(name), "It must be an integer.") }
        guard range.contains(n) else {
            throw .invalidParameter(String(name), "It must be at least \(range.lowerBound) and at most \(range.upperBound).")
        }
        return n
    }

    /// nil when absent; true/false for Falcon's words (case-insensitive).
    func boolParameter(_ name: Substring) throws(APIError) -> Bool? {
        guard let raw = query[name], !raw.isEmpty else { return nil }
        switch raw.lowercased() {
        case "true", "t", "yes", "y", "1", "on": return true
        case "false", "f", "no", "n", "0", "off": return false
        default: throw .invalidParameter(String(name), "It must be a boolean (true or false).")
        }
    }

    func stringParameter(_ name: Substring) -> String? {
        guard let raw = query[name], !raw.isEmpty else { return nil }
        return String(raw)
    }

    /// `ids=a,b,c` (repeated `ids=` keys are joined); nil when absent or empty.
    func listParameter(_ name: Substring) -> [String]? {
        let values = query[values: name].flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let items = values.map(String.init)
        guard !items.allSatisfy(\.isEmpty) else { return nil }
        return items
    }
}
