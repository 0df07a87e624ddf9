/// Error replies with which a node refuses a command *before running it* because it cannot take
/// it now: the command had no effect, so the request gets a 503 (never a 500), and after a
/// failover one retry on the new master is safe.
///
/// - `READONLY`: the node is a replica (a demoted master). Scripts declared with a `#!lua`
///   shebang and no `no-writes` flag are refused before they start; a script without a shebang
///   fails at its first write, and since a replica accepts no write from a client, nothing it
///   did before that changed the data. Plain write commands are refused before they run.
/// - `MASTERDOWN`: a replica that lost its master and does not serve stale data.
/// - `LOADING`: the node is loading its data set (e.g. restarting from its AOF).
enum WrongNodeReply {
    case readOnly, masterDown, loading

    init?(_ message: String) {
        if message.hasPrefix("READONLY") {
            self = .readOnly
        } else if message.hasPrefix("MASTERDOWN") {
            self = .masterDown
        } else if message.hasPrefix("LOADING") {
            self = .loading
        } else {
            return nil
        }
    }

    /// Whether the connection reached a node that is not (or no longer) the master: it is
    /// dropped so the next connection asks the sentinels again.
    var isWrongNode: Bool { self != .loading }
}
