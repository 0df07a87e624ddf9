import HTTPTypes
import JSONText
import NIOCore

/// A v2 queue PATCH body (`application/openstack-messaging-v2.0-json-patch`, notes §1.2): a JSON
/// array of `{"op": "add"|"replace"|"remove", "path": "/metadata/<name>", "value": ...}` applied
/// in order to the queue's metadata object.
struct QueuePatch {
    static let mediaType = "application/openstack-messaging-v2.0-json-patch"

    enum Change {
        case set(String, value: String, mustExist: Bool)
        case remove(String)
    }

    let changes: [Change]

    /// Parses and checks the operations (400 for anything but the three ops on `/metadata/<name>`).
    init(_ body: JSONBody) throws(APIError) {
        guard body.top.kind == .array else { throw .invalidBody("The PATCH body must be a JSON array of operations.") }
        let operations = JSONScanner.elements(of: body.top, in: body.bytes)
        guard !operations.isEmpty else { throw .invalidBody("The PATCH body has no operations.") }
        var changes: [Change] = []
        for operation in operations {
            guard operation.kind == .object else { throw .invalidBody("Each PATCH operation must be a JSON object.") }
            let fields = body.members(of: operation)
            guard let opValue = fields["op"], let op = JSONScanner.string(opValue, in: body.bytes) else {
                throw .invalidBody("Each PATCH operation needs an \"op\".")
            }
            guard let pathValue = fields["path"], let path = JSONScanner.string(pathValue, in: body.bytes) else {
                throw .invalidBody("Each PATCH operation needs a \"path\".")
            }
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].isEmpty, parts[1] == "metadata", !parts[2].isEmpty else {
                throw .invalidRequest("The path \"\(path)\" is not supported: it must be /metadata/<name>.")
            }
            // A JSON pointer token: "~1" is "/", "~0" is "~", any other "~" is malformed.
            guard let name = Self.unescaped(parts[2]) else {
                throw .invalidRequest("The path \"\(path)\" is not a valid JSON pointer.")
            }
            switch op {
            case "add", "replace":
                guard let value = fields["value"] else { throw .invalidBody("The \"\(op)\" operation needs a \"value\".") }
                changes.append(.set(name, value: body.text(value), mustExist: op == "replace"))
            case "remove":
                changes.append(.remove(name))
            default:
                throw .invalidRequest("The operation \"\(op)\" is not supported: use add, replace or remove.")
            }
        }
        self.changes = changes
    }

    private static func unescaped(_ token: Substring) -> String? {
        var out = ""
        var i = token.startIndex
        while i < token.endIndex {
            let c = token[i]
            if c == "~" {
                let next = token.index(after: i)
                guard next < token.endIndex, token[next] == "0" || token[next] == "1" else { return nil }
                out.append(token[next] == "0" ? "~" : "/")
                i = token.index(after: next)
            } else {
                out.append(c)
                i = token.index(after: i)
            }
        }
        return out
    }

    /// The metadata after the changes, as JSON text. A replace or remove of a name the metadata
    /// lacks is a 409 (a reserved name counts as present: it has its default).
    func apply(to metadata: String) throws(APIError) -> String {
        let bytes = Array(metadata.utf8)
        var names: [String] = []
        var values: [String: String] = [:]
        if let top = try? JSONScanner.validate(bytes, maxDepth: 1000) {
            for (key, value) in JSONScanner.members(of: top, in: bytes) {
                if values[key] == nil { names.append(key) }
                values[key] = String(decoding: bytes[value.range], as: UTF8.self)
            }
        }
        for change in changes {
            switch change {
            case .set(let name, let value, let mustExist):
                if mustExist, values[name] == nil, !name.hasPrefix("_") {
                    throw .conflict("The metadata has no \"\(name)\" to replace.")
                }
                if values[name] == nil { names.append(name) }
                values[name] = value
            case .remove(let name):
                guard values[name] != nil else { throw .conflict("The metadata has no \"\(name)\" to remove.") }
                values[name] = nil
                names.removeAll { $0 == name }
            }
        }
        var json = JSONWriter(capacity: bytes.count + 64)
        json.beginObject()
        for name in names {
            json.key(string: name)
            json.raw(values[name]!)
        }
        json.endObject()
        return String(buffer: json.buffer)
    }
}

extension APIError {
    static func conflict(_ description: String) -> APIError {
        APIError(.conflict, title: "Conflict", description: description)
    }

    static let patchMediaType: APIError = {
        var error = APIError(.unsupportedMediaType, title: "Unsupported media type",
                             description: "Accepted media type for PATCH: \(QueuePatch.mediaType).")
        error.headers[HTTPField.Name("Accept-Patch")!] = QueuePatch.mediaType
        return error
    }()
}
