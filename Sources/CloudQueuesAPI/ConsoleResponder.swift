import Foundation
import HTTPTypes
import Hummingbird

/// Serves the web console under `/console/` from the files read at start-up. `/console` is
/// redirected to `/console/` (keeping the query, so `?project=NAME` survives), `/console/` is
/// `index.html`. Unknown files, and any path with `.`/`..` segments, get the API's 404 JSON.
struct ConsoleResponder: Sendable {
    static let prefix = "/console"

    let files: ConsoleFiles

    /// True for the paths this responder owns; everything else goes to the API router.
    static func owns(_ path: String) -> Bool {
        path == prefix || path.hasPrefix(prefix + "/")
    }

    func respond(to request: Request) throws -> Response {
        let path = request.uri.path
        if path == Self.prefix {
            var location = Self.prefix + "/"
            if let query = request.uri.query, !query.isEmpty { location += "?" + query }
            return Response(status: .movedPermanently, headers: [.location: location])
        }
        guard request.method == .get || request.method == .head else { throw APIError.methodNotAllowed([.get, .head]) }
        var relative = String(path.dropFirst(Self.prefix.count + 1))
        if relative.isEmpty || relative.hasSuffix("/") { relative += "index.html" }
        let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
              let file = files.files[relative]
        else { throw APIError.notFound("No console file at \(path).") }

        var headers: HTTPFields = [
            .contentType: file.contentType,
            .eTag: file.etag,
            // Revalidate every time (the ETag makes that a 304), so an upgrade shows at once.
            .cacheControl: "no-cache",
        ]
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if file.contentType.hasPrefix("text/html") {
            // The console loads nothing but its own files and talks only to this gateway.
            headers[HTTPField.Name("Content-Security-Policy")!] = Self.contentSecurityPolicy
            headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        }
        if let tags = request.headers[.ifNoneMatch], tags.split(separator: ",").contains(where: {
            $0.trimmingCharacters(in: .whitespaces) == file.etag || $0.trimmingCharacters(in: .whitespaces) == "*"
        }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(file.bytes.readableBytes)
        if request.method == .head { return Response(status: .ok, headers: headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: file.bytes))
    }

    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; "
        + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}
