import Auth
import Foundation
import XCTest

/// The token file and store: lookups by hash, roles, expiry, reloads that keep the old entries
/// when the new file is broken.
final class TokenStoreTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cq-auth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func entry(_ token: String, _ project: String, _ roles: [Role], expires: Date? = nil) -> TokenEntry {
        TokenEntry(hash: TokenHash.digest(token), project: project, roles: roles, expires: expires)
    }

    func testLookupByTokenGivesProjectAndMostPermissiveRole() {
        let store = TokenStore(entries: [
            entry("t-obs", "acme", [.observer]),
            entry("t-both", "acme", [.observer, .admin, .creator]),
            entry("t-other", "globex", [.creator]),
        ])
        XCTAssertEqual(store.authenticate("t-obs"), Identity(project: "acme", role: .observer))
        XCTAssertEqual(store.authenticate("t-both"), Identity(project: "acme", role: .admin))
        XCTAssertEqual(store.authenticate("t-other"), Identity(project: "globex", role: .creator))
        XCTAssertNil(store.authenticate("t-ob"))
        XCTAssertNil(store.authenticate(""))
        // The hash itself is not a token.
        XCTAssertNil(store.authenticate(TokenHash.hexDigest("t-obs")))
    }

    func testExpiredTokensAreRejected() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let store = TokenStore(entries: [
            entry("old", "acme", [.admin], expires: now),
            entry("fresh", "acme", [.admin], expires: now.addingTimeInterval(1)),
        ])
        XCTAssertNil(store.authenticate("old", now: now))
        XCTAssertNotNil(store.authenticate("fresh", now: now))
        XCTAssertNil(store.authenticate("fresh", now: now.addingTimeInterval(1)))
    }

    func testRoleMatrix() {
        XCTAssertEqual(Role.allCases.map { $0.allows(.read) }, [true, true, true])
        XCTAssertEqual(Role.allCases.map { $0.allows(.write) }, [false, true, true])
        XCTAssertEqual(Role.allCases.map { $0.allows(.deleteQueue) }, [false, false, true])
    }

    func testFileRoundTripAndReloadOnChange() throws {
        let path = directory.appendingPathComponent("tokens.json").path
        let expiry = try XCTUnwrap(TokenFile.parseDate("2999-01-02T03:04:05Z"))
        try TokenFile.render([entry("one", "a\"b/c", [.creator], expires: expiry)]).write(toFile: path, atomically: true, encoding: .utf8)
        let store = try TokenStore(path: path)
        XCTAssertEqual(store.authenticate("one"), Identity(project: "a\"b/c", role: .creator))
        XCTAssertEqual(try TokenFile.load(path: path).first?.expires, expiry)
        XCTAssertNil(try store.reloadIfChanged(), "unchanged file is not reloaded")

        try TokenFile.render([entry("one", "a\"b/c", [.creator]), entry("two", "b", [.observer])])
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try store.reloadIfChanged(), 2)
        XCTAssertEqual(store.authenticate("two"), Identity(project: "b", role: .observer))

        // A broken file is reported and the entries in force stay.
        try "{\"tokens\": [{\"sha256\": \"xyz\"}]}".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try store.reloadIfChanged())
        XCTAssertNil(try store.reloadIfChanged(), "a broken version is reported once")
        XCTAssertEqual(store.authenticate("two"), Identity(project: "b", role: .observer))
    }

    func testMalformedFilesAreRejectedWithTheEntry() {
        let good = TokenHash.hexDigest("x")
        let cases: [(String, String)] = [
            ("[]", "\"tokens\" array"),
            ("{\"tokens\": [{\"sha256\": \"\(good)\", \"project\": \"p\", \"roles\": [\"root\"]}]}", "unknown role 'root'"),
            ("{\"tokens\": [{\"sha256\": \"\(good)\", \"project\": \"\", \"roles\": [\"admin\"]}]}", "tokens[0].project"),
            ("{\"tokens\": [{\"sha256\": \"\(good)\", \"project\": \"p\", \"roles\": []}]}", "tokens[0].roles"),
            ("{\"tokens\": [{\"sha256\": \"\(good)\", \"project\": \"p\", \"roles\": [\"admin\"], \"expires\": \"soon\"}]}", "expires"),
            ("{\"tokens\": [{\"sha256\": \"\(good.dropLast())\", \"project\": \"p\", \"roles\": [\"admin\"]}]}", "sha256"),
            ("not json", "not valid JSON"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try TokenFile.parse(Data(text.utf8)), text) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error) should mention \(message)")
            }
        }
    }

    func testDatesAcceptDateOnlyAndOffsets() {
        XCTAssertEqual(TokenFile.parseDate("2030-01-01"), TokenFile.parseDate("2030-01-01T00:00:00Z"))
        XCTAssertEqual(TokenFile.parseDate("2030-01-01T01:00:00+01:00"), TokenFile.parseDate("2030-01-01T00:00:00Z"))
        XCTAssertNotNil(TokenFile.parseDate("2030-01-01T00:00:00.250Z"))
        XCTAssertNil(TokenFile.parseDate("tomorrow"))
    }

    func testGeneratedTokensAreLongAndDistinct() {
        let tokens = (0..<100).map { _ in TokenGenerator.make() }
        XCTAssertEqual(Set(tokens).count, 100)
        XCTAssertTrue(tokens.allSatisfy { $0.utf8.count == 64 && Hex.decode($0) != nil })
    }
}
