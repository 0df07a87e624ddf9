import Auth
import struct Foundation.Date
import HTTPTypes
import Hummingbird
import JSONText
import QueueStore

/// `POST /v2/queues/{queue_name}/share` (notes §1.8): pre-signed URLs, signed exactly as Zaqar
/// signs them (`SignedURL`), so URLs from either server verify on the other with the same secret.
/// Off (404) unless the gateway has a secret (`--share-secret`).
struct V2ShareController {
    let secret: String?

    static let resourcePaths = ["messages", "subscriptions", "claims"]
    static let methods = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"]

    static let signatureHeader = HTTPField.Name("URL-Signature")!
    static let expiresHeader = HTTPField.Name("URL-Expires")!
    static let methodsHeader = HTTPField.Name("URL-Methods")!
    static let pathsHeader = HTTPField.Name("URL-Paths")!

    func create(_ call: V2Call, limits: Limits) async throws(APIError) -> Response {
        guard let secret else { throw .shareNotEnabled }
        var paths = ["messages"], methods = ["GET"]
        var expiresAt = Self.nowSeconds() + 86_400
        if APICall.hasBody(call.request) {
            let body = try await call.readJSONObject(maxBytes: 65536, maxDepth: limits.jsonMaxDepth,
                                                     tooLarge: .invalidRequest("The share body is too large."),
                                                     notObject: .invalidBody("The share body must be a JSON object."))
            let fields = body.objectMembers()
            let unknown = fields.keys.filter { !["paths", "methods", "expires"].contains($0) }.sorted()
            guard unknown.isEmpty else { throw .invalidRequest("Unknown keys: \(unknown.joined(separator: ", "))") }
            if let value = fields["paths"] {
                paths = try Self.strings(value, in: body, name: "paths")
                let invalid = paths.filter { !Self.resourcePaths.contains($0) }
                guard invalid.isEmpty, !paths.isEmpty else { throw .invalidRequest("Invalid paths: \(invalid.joined(separator: ", ")); use messages, subscriptions or claims.") }
            }
            if let value = fields["methods"] {
                methods = try Self.strings(value, in: body, name: "methods").map { $0.uppercased() }
                let invalid = methods.filter { !Self.methods.contains($0) }
                guard invalid.isEmpty, !methods.isEmpty else { throw .invalidRequest("Invalid methods: \(invalid.joined(separator: ", ")).") }
            }
            if let value = fields["expires"] {
                guard value.kind == .string, let text = JSONScanner.string(value, in: body.bytes),
                      let (seconds, _) = SignedURL.parseExpires(text)
                else { throw .invalidRequest("expires must be an ISO 8601 date and time, e.g. 2026-12-31T23:59:59.") }
                guard seconds > Self.nowSeconds() else { throw .invalidRequest("The date of expiration must be in the future.") }
                expiresAt = seconds
            }
        }
        let queuePath = call.hrefs.queue(call.queue.name)
        let signed = SignedURL.sign(secret: secret, paths: paths.map { queuePath + "/" + $0 }, methods: methods,
                                    project: call.project, expires: SignedURL.formatExpires(epochSeconds: expiresAt))
        var json = JSONWriter()
        json.beginObject()
        json.key("paths")
        json.beginArray()
        for path in signed.paths { json.string(path) }
        json.endArray()
        json.key("methods")
        json.beginArray()
        for method in signed.methods { json.string(method) }
        json.endArray()
        json.member("project", string: signed.project)
        json.member("expires", string: signed.expires)
        json.member("signature", string: signed.signature)
        json.endObject()
        return .json(json)
    }

    /// Whether the request carries a pre-signed URL (it then needs no token).
    static func isSigned(_ request: Request) -> Bool { request.headers[signatureHeader] != nil }

    /// Checks a pre-signed request's `URL-*` headers; any failure is a 404, as in Zaqar, so a
    /// holder learns nothing about what exists.
    func verify(_ request: Request) throws(APIError) {
        let h = request.headers
        guard let secret, let signature = h[Self.signatureHeader], let expires = h[Self.expiresHeader],
              let methods = h[Self.methodsHeader], let paths = h[Self.pathsHeader], let project = h[APICall.projectHeader],
              SignedURL.verify(secret: secret, signature: signature, expires: expires,
                               methods: methods.split(separator: ",").map(String.init),
                               paths: paths.split(separator: ",").map(String.init), project: project,
                               requestMethod: request.method.rawValue, requestPath: request.uri.path, now: Self.nowSeconds())
        else { throw .noRoute }
    }

    private static func strings(_ value: JSONValue, in body: JSONBody, name: String) throws(APIError) -> [String] {
        guard value.kind == .array else { throw .invalidBody("\(name) must be a list of strings.") }
        var out: [String] = []
        for element in JSONScanner.elements(of: value, in: body.bytes) {
            guard element.kind == .string, let s = JSONScanner.string(element, in: body.bytes) else {
                throw .invalidBody("\(name) must be a list of strings.")
            }
            out.append(s)
        }
        return out
    }

    /// Wall-clock time: expiry dates are calendar times, compared as Zaqar compares them.
    private static func nowSeconds() -> Int64 { Int64(Date().timeIntervalSince1970) }
}
