/// Transport failures of the load-test HTTP client.
public enum HTTPClientError: Error, Sendable, Equatable {
    /// No complete response within the per-request timeout (the connection is closed).
    case timeout
    /// The connection closed before the response was complete.
    case connectionClosed
    /// A request was written while another was still outstanding (a client bug).
    case busy
}
