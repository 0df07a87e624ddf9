/// A reply from Redis, as decoded by hiredis's reader.
public enum RESPValue: Sendable, Equatable {
    case simpleString(String)
    case error(String)
    case integer(Int64)
    case bulkString(String)
    case null
    case array([RESPValue])

    /// The text of a bulk or simple string; nil otherwise.
    public var string: String? {
        switch self {
        case .bulkString(let s), .simpleString(let s): return s
        default: return nil
        }
    }

    /// The value of an integer reply, or of a string holding a decimal integer.
    public var int: Int64? {
        switch self {
        case .integer(let i): return i
        case .bulkString(let s), .simpleString(let s): return Int64(s)
        default: return nil
        }
    }

    /// The elements of an array reply; nil otherwise.
    public var array: [RESPValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}
