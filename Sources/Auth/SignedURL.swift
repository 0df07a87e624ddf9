import Crypto

/// A Zaqar v2 pre-signed URL (`POST /v2/queues/q/share`): what a holder of the server's secret
/// signed, and the check of the `URL-*` headers a request presents instead of a token.
public struct SignedURL: Sendable, Equatable {
    /// Sorted by code point, as signed; e.g. `["/v2/queues/q/messages"]`.
    public var paths: [String]
    /// Sorted by code point, as signed; e.g. `["GET", "POST"]`.
    public var methods: [String]
    public var project: String
    /// UTC, `%Y-%m-%dT%H:%M:%S` without a zone suffix (`formatExpires`), as Zaqar returns it.
    public var expires: String
    /// 64 lower-case hex digits.
    public var signature: String

    /// Signs with Zaqar's scheme: hex(HMAC-SHA256(key: secret, msg: sorted(paths).joined(",") +
    /// "\\n" + sorted(methods).joined(",") + "\\n" + project + "\\n" + expires)). The separators
    /// are the two characters backslash and n: Zaqar formats the message with a raw string.
    /// `expires` is used verbatim, so pass the canonical form (`parseExpires`, `formatExpires`).
    public static func sign(secret: String, paths: [String], methods: [String], project: String,
                            expires: String) -> SignedURL {
        let paths = sortedByCodePoint(paths)
        let methods = sortedByCodePoint(methods)
        return SignedURL(paths: paths, methods: methods, project: project, expires: expires,
                         signature: Hex.encode(mac(secret: secret, paths: paths, methods: methods,
                                                   project: project, expires: expires)))
    }

    /// Whether a request may go ahead on the strength of its pre-signed URL headers, as Zaqar's
    /// `verify_pre_signed_url` decides: `URL-Signature`, `URL-Expires`, `URL-Methods` and
    /// `URL-Paths` (the last two split on ",") and `X-Project-ID` as `project`, for a request
    /// `requestMethod` on `requestPath` at `now` (Unix seconds). All of these must hold:
    /// * the method is listed (exact, case-sensitive);
    /// * some listed path occurs in the request path. Zaqar runs `re.search(p, path)`; here `p`
    ///   is a literal substring (so `/v2/queues/q/messages` admits `/messages/<id>`) and regex
    ///   metacharacters mean nothing. Queue names are `[A-Za-z0-9_.-]`, so only '.' could differ,
    ///   and taken literally it admits less. An empty `p` (which `re.search` matches everywhere)
    ///   admits nothing;
    /// * `expires` parses (`parseExpires`) and lies after `now`;
    /// * the signature recomputed over the canonical `expires` equals `signature`, compared in
    ///   constant time.
    public static func verify(secret: String, signature: String, expires: String, methods: [String],
                              paths: [String], project: String, requestMethod: String,
                              requestPath: String, now: Int64) -> Bool {
        guard methods.contains(requestMethod),
              paths.contains(where: { !$0.isEmpty && requestPath.utf8.contains($0.utf8) }),
              let (expiresAt, canonical) = parseExpires(expires), expiresAt > now else { return false }
        let expected = Hex.encode(mac(secret: secret, paths: sortedByCodePoint(paths),
                                      methods: sortedByCodePoint(methods), project: project,
                                      expires: canonical))
        return ConstantTime.equal(Array(signature.utf8), Array(expected.utf8))
    }

    private static func mac(secret: String, paths: [String], methods: [String], project: String,
                            expires: String) -> [UInt8] {
        let message = paths.joined(separator: ",") + #"\n"# + methods.joined(separator: ",") + #"\n"#
            + project + #"\n"# + expires
        let code = HMAC<SHA256>.authenticationCode(for: Array(message.utf8),
                                                   using: SymmetricKey(data: Array(secret.utf8)))
        return Array(code)
    }

    /// Python's `sorted` on str orders by code point; UTF-8 byte order is the same order (Swift's
    /// `<` on String compares canonically equivalent forms as equal, which Python does not).
    private static func sortedByCodePoint(_ strings: [String]) -> [String] {
        strings.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
