import NIOCore

/// A complete HTTP response: status and body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var body: ByteBuffer
    /// The server asked to close the connection after this response.
    public var closeConnection: Bool
}
