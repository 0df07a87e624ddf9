import Auth
import HTTPTypes

/// The front door's errors (contract §3: 401, 403, 429; 400 for the transport's body cap).
extension APIError {
    static func unauthorized(_ description: String) -> APIError {
        var error = APIError(.unauthorized, title: "Unauthorized", description: description)
        error.headers[.wwwAuthenticate] = "X-Auth-Token"
        return error
    }

    static let wrongProject = APIError(.forbidden, title: "Forbidden",
                                       description: "This token is not valid for the project named in the URL or X-Project-Id.")

    static func roleForbids(_ role: Role, _ method: HTTPRequest.Method) -> APIError {
        APIError(.forbidden, title: "Forbidden",
                 description: "The role \(role.rawValue) does not allow \(method.rawValue) on this resource.")
    }

    static func bodyTooLarge(_ limit: Int) -> APIError {
        APIError(.badRequest, title: "Invalid request body",
                 description: "Request bodies may not exceed \(limit) bytes.")
    }

    static func rateLimited(retryAfterMilliseconds ms: Int) -> APIError {
        let seconds = max(1, (ms + 999) / 1000)
        var error = APIError(.tooManyRequests, title: "Rate limit exceeded",
                             description: "Too many requests for this project. Retry after \(seconds) s.")
        error.headers[.retryAfter] = String(seconds)
        return error
    }
}
