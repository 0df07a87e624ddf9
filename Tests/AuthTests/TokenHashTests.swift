import Auth
import XCTest

/// Token hashes are plain SHA-256 (what `printf %s TOKEN | sha256sum` prints, README), checked
/// against the NIST FIPS 180-4 examples; hex and the constant-time comparison are ours.
final class TokenHashTests: XCTestCase {
    func testTokenHashIsSHA256() {
        XCTAssertEqual(TokenHash.hexDigest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(TokenHash.hexDigest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(TokenHash.hexDigest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(TokenHash.digest("abc").count, 32)
    }

    func testHexRoundTrip() {
        let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xab, 0xff]
        XCTAssertEqual(Hex.encode(bytes), "00017f80abff")
        XCTAssertEqual(Hex.decode("00017F80abff"), bytes)
        XCTAssertNil(Hex.decode("abc"))
        XCTAssertNil(Hex.decode("zz"))
    }

    func testConstantTimeEqual() {
        XCTAssertTrue(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
        XCTAssertFalse(ConstantTime.equal([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(ConstantTime.equal([9, 2, 3], [1, 2, 3]))
        XCTAssertFalse(ConstantTime.equal([1, 2], [1, 2, 3]))
    }
}
