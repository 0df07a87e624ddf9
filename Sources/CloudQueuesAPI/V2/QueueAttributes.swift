import JSONText
import QueueStore

/// The reserved queue attributes of v2 (notes §1.2, "Reserved queue attributes"): validated when
/// metadata is written, turned into the `QueueSettings` the store enforces, and filled in with
/// their defaults when a v2 client reads a queue.
enum QueueAttributes {
    /// The largest `_default_message_delay` and per-message `delay` (Zaqar's `max_message_delay`).
    static let maxDelay = 900

    /// Validates the reserved members of a metadata object and returns the settings they set.
    static func settings(_ members: [(key: String, value: JSONValue)], in bytes: [UInt8], limits: Limits) throws(APIError) -> QueueSettings {
        var settings = QueueSettings()
        for (key, value) in members where key.hasPrefix("_") {
            func int(_ range: ClosedRange<Int>, _ message: String, nullable: Bool = false) throws(APIError) -> Int? {
                if nullable, value.kind == .null { return nil }
                guard value.kind == .number, let n = JSONScanner.int64(value, in: bytes) else {
                    throw .invalidRequest("\(key) must be integer.")
                }
                guard range.contains(Int(n)) else { throw .invalidRequest(message) }
                return Int(n)
            }
            let ttl = limits.messageTTL
            switch key {
            case "_max_messages_post_size":
                settings.maxPostBytes = try int(1...limits.postBodyMaxBytes,
                    "_max_messages_post_size can not exceed \(limits.postBodyMaxBytes) bytes, and must be at least 1 byte.")
            case "_default_message_ttl":
                settings.defaultTTL = try int(ttl,
                    "_default_message_ttl can not exceed \(ttl.upperBound) seconds, and must be at least \(ttl.lowerBound) seconds long.")
            case "_default_message_delay":
                settings.defaultDelay = try int(0...maxDelay,
                    "_default_message_delay can not exceed \(maxDelay) seconds, and must be at least 0 seconds long.")
            case "_dead_letter_queue_messages_ttl":
                settings.deadLetterTTL = try int(ttl,
                    "_dead_letter_queue_messages_ttl can not exceed \(ttl.upperBound) seconds, and must be at least \(ttl.lowerBound) seconds long.",
                    nullable: true)
            case "_max_claim_count":
                settings.maxClaims = try int(1...Int(Int32.max), "_max_claim_count must be at least 1.", nullable: true)
            case "_dead_letter_queue":
                if value.kind == .null { break }
                guard value.kind == .string, let name = JSONScanner.string(value, in: bytes),
                      V2Call.isValidQueueName(name, limits: limits)
                else { throw .invalidRequest("_dead_letter_queue must be the name of a queue.") }
                settings.deadLetterQueue = name
            case "_enable_encrypt_messages":
                guard value.kind == .bool, let enabled = JSONScanner.bool(value, in: bytes) else {
                    throw .invalidRequest("_enable_encrypt_messages must be a boolean.")
                }
                if enabled { throw .invalidRequest("Encryption of messages at rest is not supported.") }
            case "_retry_policy":
                guard value.kind == .object else { throw .invalidRequest("_retry_policy must be an object.") }
            default:
                break  // other underscore names are kept as metadata, with no effect (as in Zaqar)
            }
        }
        return settings
    }

    /// The metadata object with every reserved attribute it lacks, at its default (v2 GET/PATCH).
    static func withDefaults(_ metadata: String, limits: Limits, into json: inout JSONWriter) {
        let bytes = Array(metadata.utf8)
        let members = (try? JSONScanner.validate(bytes, maxDepth: limits.jsonMaxDepth + 1))
            .map { JSONScanner.members(of: $0, in: bytes) } ?? []
        json.beginObject()
        var seen = Set<String>()
        for (key, value) in members where seen.insert(key).inserted {
            json.key(string: key)
            json.raw(String(decoding: bytes[value.range], as: UTF8.self))
        }
        let defaults: [(String, String)] = [
            ("_max_messages_post_size", String(limits.postBodyMaxBytes)),
            ("_default_message_ttl", "3600"),
            ("_default_message_delay", "0"),
            ("_dead_letter_queue", "null"),
            ("_dead_letter_queue_messages_ttl", "null"),
            ("_max_claim_count", "null"),
            ("_enable_encrypt_messages", "false"),
        ]
        for (key, value) in defaults where !seen.contains(key) {
            json.key(string: key)
            json.raw(value)
        }
        json.endObject()
    }
}
