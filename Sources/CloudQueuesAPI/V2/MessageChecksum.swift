import Auth
import Crypto
import JSONText

/// Zaqar's message checksum (`[DEFAULT] enable_checksum`): `MD5:` and the hex MD5 of the body as
/// Python's `json.dumps` prints it (notes §1.3), so a client comparing it with Zaqar's agrees.
/// MD5 is Zaqar's choice and only an integrity hint here, never a security check.
enum MessageChecksum {
    static func of(_ body: String) -> String {
        "MD5:" + Hex.encode(Array(Insecure.MD5.hash(data: PythonJSON.dumps(Array(body.utf8)))))
    }
}
