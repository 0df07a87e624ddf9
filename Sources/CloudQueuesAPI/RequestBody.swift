import HTTPTypes
import Hummingbird
import JSONText
import NIOCore

/// A request body read within its size limit and validated as JSON, without building objects.
struct JSONBody {
    let bytes: [UInt8]
    let top: JSONValue

    /// The members of the top-level object, the last one winning for repeated names (as in
    /// Python's `json`, which Zaqar used).
    func objectMembers() -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for member in JSONScanner.members(of: top, in: bytes) { out[member.key] = member.value }
        return out
    }

    func members(of value: JSONValue) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for member in JSONScanner.members(of: value, in: bytes) { out[member.key] = member.value }
        return out
    }

    func text(_ value: JSONValue) -> String {
        String(decoding: bytes[value.range], as: UTF8.self)
    }

    /// An integer field: must be a JSON integer that fits 64 bits (not 60.0, "60" or true).
    func int(_ value: JSONValue?, field: String) throws(APIError) -> Int {
        guard let value else { throw .invalidBody("Missing \"\(field)\" field.") }
        guard value.kind == .number, let n = JSONScanner.int64(value, in: bytes) else {
            throw .invalidBody("The \"\(field)\" field must be an integer.")
        }
        return Int(n)
    }

    /// An integer if the member is present and a JSON integer that fits 64 bits; else nil.
    func optionalInt(_ value: JSONValue?) -> Int? {
        guard let value, value.kind == .number, let n = JSONScanner.int64(value, in: bytes) else { return nil }
        return Int(n)
    }
}

extension RequestCall {
    /// Reads the body: `Content-Length` is checked before reading, chunked bodies while
    /// reading; both limits are inclusive (contract §14). Empty bodies are a 400.
    func readJSONBody(maxBytes: Int, maxDepth: Int, tooLarge: @autoclosure () -> APIError) async throws(APIError) -> JSONBody {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes {
            throw tooLarge()
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge()
        } catch is NIOTooManyBytesError {
            // What `collect(upTo:)` (NIOCore's, on the body's async sequence) throws for a chunked
            // body over the limit.
            throw tooLarge()
        } catch {
            throw .invalidBody("The request body could not be read.")
        }
        guard buffer.readableBytes > 0 else { throw .invalidBody("Request body can not be empty.") }
        let bytes = Array(buffer.readableBytesView)
        do {
            let top = try JSONScanner.validate(bytes, maxDepth: maxDepth)
            return JSONBody(bytes: bytes, top: top)
        } catch {
            throw .invalidBody("Request body could not be parsed: \(error).")
        }
    }

    /// `readJSONBody` for bodies that must be a JSON object (`notObject` otherwise).
    func readJSONObject(
        maxBytes: Int, maxDepth: Int, tooLarge: @autoclosure () -> APIError, notObject: @autoclosure () -> APIError
    ) async throws(APIError) -> JSONBody {
        let body = try await readJSONBody(maxBytes: maxBytes, maxDepth: maxDepth, tooLarge: tooLarge())
        guard body.top.kind == .object else { throw notObject() }
        return body
    }
}
