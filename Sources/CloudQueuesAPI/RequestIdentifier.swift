import HTTPTypes
import Hummingbird

/// The id of one request: the client's `X-Request-Id` when it is acceptable (1 to 128 characters
/// of `[A-Za-z0-9._:@+=/-]`, so it is safe in a log line and a header), else a fresh one. It is
/// echoed in the response's `X-Request-Id` and put into the request logger's metadata.
enum RequestIdentifier {
    static let header = HTTPField.Name("X-Request-Id")!
    static let maxLength = 128
    /// The logger metadata key of the request id.
    static let metadataKey = "request.id"

    static func of(_ request: Request) -> String {
        if let sent = request.headers[header], isAcceptable(sent) { return sent }
        return RequestID().description
    }

    static func isAcceptable(_ id: String) -> Bool {
        let bytes = id.utf8
        guard !bytes.isEmpty, bytes.count <= maxLength else { return false }
        return bytes.allSatisfy { b in
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
                 UInt8(ascii: "@"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "/"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }
}
