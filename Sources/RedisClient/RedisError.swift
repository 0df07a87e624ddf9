/// Why a Redis call failed. Only `.server` means Redis ran the command and answered with an
/// error; every other case means the gateway cannot know whether it ran.
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection could be made (refused, unreachable, timed out while connecting), or the
    /// node refused the command before running it (`LOADING`, `READONLY`, `MASTERDOWN`).
    case unavailable(String)
    /// The connection dropped with the command in flight: it may or may not have run.
    case connectionLost
    /// No reply within the command timeout: the connection was closed, the command may have run.
    case timeout
    /// Redis answered with an error reply (e.g. `NOSCRIPT ...` or a script's own error).
    case server(String)
    /// The bytes from Redis were not valid RESP.
    case protocolError(String)
    /// A write ran on the master, but fewer replicas than asked acknowledged it (`WAIT`) in time:
    /// a failover now could lose it.
    case notReplicated(String)

    public var description: String {
        switch self {
        case .unavailable(let why): return "redis unavailable: \(why)"
        case .connectionLost: return "redis connection lost with a command in flight"
        case .timeout: return "redis command timed out"
        case .server(let message): return "redis error: \(message)"
        case .protocolError(let why): return "redis protocol error: \(why)"
        case .notReplicated(let why): return "redis write not acknowledged by replicas: \(why)"
        }
    }
}
