/// The syntactic kind of a JSON value, decided by its first byte.
public enum JSONKind: Sendable, Equatable, Hashable {
    case object, array, string, number, bool, null
}

/// A JSON value located inside an input buffer: its kind and the byte range of its exact text.
///
/// `range` covers the value's own text only (no surrounding whitespace); for strings it includes
/// the quotes, for containers the brackets. Slicing the input with `range` therefore yields valid
/// JSON text that can be stored and returned verbatim.
public struct JSONValue: Sendable, Equatable, Hashable {
    /// What kind of value this is.
    public let kind: JSONKind
    /// Byte offsets of the value's text in the input it was scanned from.
    public let range: Range<Int>

    /// Creates a value reference; normally produced by `JSONScanner`.
    public init(kind: JSONKind, range: Range<Int>) {
        self.kind = kind
        self.range = range
    }
}
