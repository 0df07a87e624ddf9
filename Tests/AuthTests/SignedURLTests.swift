import Auth
import XCTest

/// Zaqar's pre-signed URLs: the signature against values computed with Python's hmac, the header
/// checks of `verify`, and the expiry formats.
final class SignedURLTests: XCTestCase {
    private let secret = "test-secret"
    private let paths = ["/v2/queues/q/messages", "/v2/queues/q/claims"]
    private let methods = ["POST", "GET"]
    private let expires = "2026-12-04T10:26:01"
    /// `expires` as Unix seconds (Python: calendar.timegm of the parsed time).
    private let expiresAt: Int64 = 1_796_379_961

    /// Computed with Python 3.11, separators the two characters backslash and n (a raw string):
    /// python3 -c 'import hmac,hashlib; print(hmac.new(b"test-secret", r"/v2/queues/q/claims,/v2/queues/q/messages\nGET,POST\nproj1\n2026-12-04T10:26:01".encode(), hashlib.sha256).hexdigest())'
    private let pythonSignature = "d437c6fb16b2df11af92cb32e0ac2568bbc07dcc3dd2add360d03fe89998a340"
    /// The same command without the `r` prefix, so with real newlines as separators.
    private let newlineSignature = "e10b0538e17530ec0fcfa3d615a16515a6b74532cba9eea3df922725ba85df7f"

    private func signed() -> SignedURL {
        SignedURL.sign(secret: secret, paths: paths, methods: methods, project: "proj1", expires: expires)
    }

    func testSignatureMatchesPython() {
        let url = signed()
        XCTAssertEqual(url.signature, pythonSignature)
        XCTAssertEqual(url.paths, ["/v2/queues/q/claims", "/v2/queues/q/messages"])
        XCTAssertEqual(url.methods, ["GET", "POST"])
        XCTAssertEqual(url.project, "proj1")
        XCTAssertEqual(url.expires, expires)
    }

    func testSeparatorIsBackslashNNotNewline() {
        XCTAssertNotEqual(signed().signature, newlineSignature)
    }

    func testOrderOfPathsAndMethodsDoesNotMatter() {
        let reordered = SignedURL.sign(secret: secret, paths: paths.reversed(), methods: methods.reversed(),
                                       project: "proj1", expires: expires)
        XCTAssertEqual(reordered, signed())
        // Code point order, as Python's sorted(): upper case before lower case.
        XCTAssertEqual(SignedURL.sign(secret: secret, paths: ["/b", "/B", "/a"], methods: ["get", "GET"],
                                      project: "p", expires: expires).paths, ["/B", "/a", "/b"])
    }

    func testSecretAndProjectChangeTheSignature() {
        XCTAssertNotEqual(SignedURL.sign(secret: "other", paths: paths, methods: methods, project: "proj1",
                                         expires: expires).signature, pythonSignature)
        XCTAssertNotEqual(SignedURL.sign(secret: secret, paths: paths, methods: methods, project: "proj2",
                                         expires: expires).signature, pythonSignature)
    }

    // MARK: verify

    /// `verify` with the signed values as headers, each overridable.
    private func verify(signature: String? = nil, expires: String? = nil, methods: [String]? = nil,
                        paths: [String]? = nil, project: String = "proj1", method: String = "GET",
                        path: String = "/v2/queues/q/messages", now: Int64? = nil) -> Bool {
        SignedURL.verify(secret: secret, signature: signature ?? pythonSignature, expires: expires ?? self.expires,
                         methods: methods ?? ["GET", "POST"],
                         paths: paths ?? ["/v2/queues/q/claims", "/v2/queues/q/messages"], project: project,
                         requestMethod: method, requestPath: path, now: now ?? expiresAt - 60)
    }

    func testVerifyAcceptsTheSignedHeaders() {
        XCTAssertTrue(verify())
        XCTAssertTrue(verify(method: "POST", path: "/v2/queues/q/claims"))
        // Headers in another order than signed: the check sorts as the signer did.
        XCTAssertTrue(verify(methods: ["POST", "GET"], paths: ["/v2/queues/q/messages", "/v2/queues/q/claims"]))
    }

    func testVerifyRejectsWrongSignature() {
        XCTAssertFalse(verify(signature: newlineSignature))
        XCTAssertFalse(verify(signature: pythonSignature.uppercased()))
        XCTAssertFalse(verify(signature: String(pythonSignature.dropLast())))
        XCTAssertFalse(verify(signature: ""))
    }

    func testVerifyRejectsExpired() {
        XCTAssertTrue(verify(now: expiresAt - 1))
        XCTAssertFalse(verify(now: expiresAt))      // Zaqar: expired when expires <= now
        XCTAssertFalse(verify(now: expiresAt + 3600))
    }

    func testVerifyRejectsUnparsableExpires() {
        XCTAssertFalse(verify(expires: "1796379961"))
        XCTAssertFalse(verify(expires: ""))
    }

    func testVerifySignsTheCanonicalExpires() {
        // Zaqar parses URL-Expires and signs it re-formatted, so equivalent spellings verify.
        XCTAssertTrue(verify(expires: "2026-12-04T10:26:01Z"))
        XCTAssertTrue(verify(expires: "2026-12-04T10:26:01.250+00:00"))
        XCTAssertFalse(verify(expires: "2026-12-04T10:26:02"))
    }

    func testVerifyRejectsMethodNotListed() {
        XCTAssertFalse(verify(method: "DELETE"))
        XCTAssertFalse(verify(method: "get"))
        // Listing the method without it being signed is caught by the signature.
        XCTAssertFalse(verify(methods: ["DELETE", "GET", "POST"], method: "DELETE"))
    }

    func testVerifyRejectsPathNotMatching() {
        XCTAssertFalse(verify(path: "/v2/queues/other/messages"))
        XCTAssertFalse(verify(path: "/v2/queues/q"))
        XCTAssertFalse(verify(path: "/v2/queues/q/subscriptions"))
        // Listing a path without it being signed is caught by the signature.
        XCTAssertFalse(verify(paths: ["/v2/queues/q/claims", "/v2/queues/q/messages", "/v2/queues/q"],
                              path: "/v2/queues/q"))
    }

    func testVerifyPathAdmitsResourcesBelowIt() {
        XCTAssertTrue(verify(path: "/v2/queues/q/messages/5f3a9c"))
        XCTAssertTrue(verify(method: "POST", path: "/v2/queues/q/claims/c1"))
    }

    func testVerifyTakesDotLiterally() {
        let dotted = SignedURL.sign(secret: secret, paths: ["/v2/queues/a.b/messages"], methods: ["GET"],
                                    project: "proj1", expires: expires)
        func check(_ path: String) -> Bool {
            SignedURL.verify(secret: secret, signature: dotted.signature, expires: expires, methods: ["GET"],
                             paths: dotted.paths, project: "proj1", requestMethod: "GET", requestPath: path,
                             now: expiresAt - 60)
        }
        XCTAssertTrue(check("/v2/queues/a.b/messages"))
        XCTAssertFalse(check("/v2/queues/aXb/messages"))   // re.search would match this one
    }

    func testVerifyRejectsEmptyPath() {
        let empty = SignedURL.sign(secret: secret, paths: [""], methods: ["GET"], project: "proj1", expires: expires)
        XCTAssertFalse(SignedURL.verify(secret: secret, signature: empty.signature, expires: expires, methods: ["GET"],
                                        paths: [""], project: "proj1", requestMethod: "GET",
                                        requestPath: "/v2/queues/q/messages", now: expiresAt - 60))
    }

    func testVerifyRejectsOtherProject() {
        XCTAssertFalse(verify(project: "proj2"))
        XCTAssertFalse(verify(project: ""))
    }

    // MARK: expires

    func testParseExpiresAccepts() {
        let rows: [(String, Int64)] = [
            ("2026-12-04T10:26:01", expiresAt),
            ("2026-12-04T10:26:01Z", expiresAt),
            ("2026-12-04T10:26:01+00:00", expiresAt),
            ("2026-12-04T10:26:01.5", expiresAt),
            ("2026-12-04T10:26:01.999999Z", expiresAt),   // truncated, as strftime truncates
            ("2026-12-04T10:26:01.123456789+00:00", expiresAt),
        ]
        for (input, epoch) in rows {
            let parsed = SignedURL.parseExpires(input)
            XCTAssertEqual(parsed?.epochSeconds, epoch, input)
            XCTAssertEqual(parsed?.canonical, expires, input)
        }
    }

    func testParseExpiresCalendar() {
        // Unix seconds from Python: calendar.timegm(datetime.strptime(s, "%Y-%m-%dT%H:%M:%S").timetuple())
        let rows: [(String, Int64)] = [
            ("1970-01-01T00:00:00", 0),
            ("1969-12-31T23:59:59", -1),
            ("2024-02-29T23:59:59", 1_709_251_199),
            ("2000-03-01T00:00:00", 951_868_800),
            ("0001-01-01T00:00:00", -62_135_596_800),
            ("9999-12-31T23:59:59", 253_402_300_799),
        ]
        for (input, epoch) in rows {
            XCTAssertEqual(SignedURL.parseExpires(input)?.epochSeconds, epoch, input)
            XCTAssertEqual(SignedURL.parseExpires(input)?.canonical, input)
            XCTAssertEqual(SignedURL.formatExpires(epochSeconds: epoch), input)
        }
    }

    func testParseExpiresRejects() {
        let rows = [
            "", "1796379961", "2026-12-04", "2026-12-04 10:26:01", "2026-12-04t10:26:01", "2026-12-04T10:26",
            "2026-12-04T10:26:01z", "2026-12-04T10:26:01+01:00", "2026-12-04T10:26:01-00:00",
            "2026-12-04T10:26:01+0000", "2026-12-04T10:26:01.", "2026-12-04T10:26:01.5.5", "2026-12-04T10:26:01 ",
            " 2026-12-04T10:26:01", "2026-13-04T10:26:01", "2026-00-04T10:26:01", "2026-02-29T10:26:01",
            "2100-02-29T00:00:00", "2026-04-31T10:26:01", "2026-12-00T10:26:01", "2026-12-04T24:00:00",
            "2026-12-04T10:60:01", "2026-12-04T10:26:60", "0000-01-01T00:00:00", "+026-12-04T10:26:01",
            "20261204T102601", "2026-1-04T10:26:01",
        ]
        for input in rows { XCTAssertNil(SignedURL.parseExpires(input), input) }
        XCTAssertNotNil(SignedURL.parseExpires("2000-02-29T00:00:00"))   // a 400-year leap day
    }

    func testFormatExpiresRoundTripsEveryDayOfSomeYears() {
        for year in [1969, 1970, 2000, 2024, 2100] {
            var epoch = SignedURL.parseExpires("\(year)-01-01T12:34:56")!.epochSeconds
            let next = SignedURL.parseExpires("\(year + 1)-01-01T12:34:56")!.epochSeconds
            while epoch < next {
                let text = SignedURL.formatExpires(epochSeconds: epoch)
                XCTAssertEqual(SignedURL.parseExpires(text)?.epochSeconds, epoch, text)
                epoch += 86_400
            }
        }
    }
}
