import HTTPTypes
import Hummingbird
import QueueStore

/// An error response of the contract: a status and `{"title": ..., "description": ...}`.
/// Thrown from anywhere in a handler; renders itself (no status juggling in controllers).
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var title: String
    public var description: String
    /// Extra headers (e.g. `Allow` on 405, `Retry-After` on 503).
    public var headers: HTTPFields = [:]
    /// Some errors carry no body (the queue-existence 404, responses to HEAD).
    public var hasBody = true
    /// Pyrax reads the first member of an error object as its message, so the missing
    /// Client-ID error puts `description` first (contract §3).
    public var descriptionFirst = false

    public init(_ status: HTTPResponse.Status, title: String, description: String) {
        self.status = status
        self.title = title
        self.description = description
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        guard hasBody, request.method != .head else {
            return Response(status: status, headers: headers)
        }
        var json = JSONWriter()
        json.beginObject()
        if descriptionFirst {
            json.member("description", string: description)
            json.member("title", string: title)
        } else {
            json.member("title", string: title)
            json.member("description", string: description)
        }
        json.endObject()
        headers[.contentType] = JSONWriter.contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: json.buffer))
    }
}

extension APIError {
    /// Semantic validation failures: limits, TTLs, sizes, reserved metadata keys.
    static func invalidRequest(_ description: String) -> APIError {
        APIError(.badRequest, title: "Invalid API request", description: description)
    }

    /// Empty or unparseable bodies, wrong JSON shapes, missing or ill-typed fields.
    static func invalidBody(_ description: String) -> APIError {
        APIError(.badRequest, title: "Invalid request body", description: description)
    }

    static func invalidParameter(_ name: String, _ description: String) -> APIError {
        APIError(.badRequest, title: "Invalid parameter", description: "The \"\(name)\" parameter is invalid. \(description)")
    }

    static func missingParameter(_ name: String) -> APIError {
        APIError(.badRequest, title: "Missing parameter", description: "The \"\(name)\" parameter is required.")
    }

    static let missingClientID: APIError = {
        var error = APIError(.badRequest, title: "Missing header", description: "The \"Client-ID\" header is required.")
        error.descriptionFirst = true
        return error
    }()

    static let badClientID = APIError(.badRequest, title: "Wrong UUID value", description: "Malformed hexadecimal UUID.")

    static func badQueueIdentification(_ description: String) -> APIError {
        APIError(.badRequest, title: "Invalid queue identification", description: description)
    }

    static let emptyProject = APIError(.badRequest, title: "Empty project header not allowed",
                                       description: "X-PROJECT-ID cannot be an empty string. Specify the right header X-PROJECT-ID and retry.")

    static let urlencodedBody = APIError(.badRequest, title: "Invalid Content-Type",
                                         description: "application/x-www-form-urlencoded is not supported; send application/json.")

    static let notAcceptable = APIError(.notAcceptable, title: "Media type not acceptable",
                                        description: "This API only returns application/json.")

    static func notFound(_ description: String) -> APIError {
        APIError(.notFound, title: "Not found", description: description)
    }

    static let queueNotFound = notFound("Queue does not exist.")

    static let noRoute = notFound("The resource could not be found.")

    static func methodNotAllowed(_ allowed: [HTTPRequest.Method]) -> APIError {
        var error = APIError(.methodNotAllowed, title: "Method not allowed",
                             description: "Allowed methods: \(allowed.map(\.rawValue).joined(separator: ", ")).")
        error.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
        return error
    }

    static let claimMismatch = APIError(.forbidden, title: "Unable to delete",
                                        description: "This message is claimed; it cannot be deleted without a valid claim ID.")

    static func unavailable(_ description: String) -> APIError {
        var error = APIError(.serviceUnavailable, title: "Service temporarily unavailable",
                             description: "\(description) Please try again in a few seconds.")
        error.headers[.retryAfter] = "1"
        return error
    }

    /// Maps a store failure; `notFound` says what a missing queue means for this operation.
    static func from(_ error: StoreError, notFound: APIError = .queueNotFound) -> APIError {
        switch error {
        case .queueNotFound: return notFound
        case .claimMismatch, .claimRequired, .claimInvalid: return .claimMismatch
        case .postTooLarge(let max): return .invalidRequest("Message collection size is too large. Max size: \(max).")
        case .unavailable: return .unavailable("The storage backend is not answering.")
        case .unexpectedReply(let what):
            return APIError(.internalServerError, title: "Internal server error", description: "Unexpected storage reply: \(what)")
        }
    }
}
