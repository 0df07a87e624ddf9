/// Why a document was rejected by `JSONScanner.validate`.
///
/// `message` is human-readable text suitable for an HTTP 400 description, e.g.
/// `unexpected character 'x' at byte 12` or `invalid UTF-8 at byte 7 (overlong encoding)`;
/// `offset` is the byte offset the message points at.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Human-readable explanation, including the byte offset.
    public let message: String
    /// Byte offset in the input where the problem was detected.
    public let offset: Int

    /// Creates an error; normally produced by `JSONScanner.validate`.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// Same as `message`.
    public var description: String { message }
}
