import Foundation
import JSONText

/// Reads a config file: one JSON object whose keys are `ServeSetting` keys. A value is a string,
/// a number or a boolean, kept as its text so that `8080` and `"8080"` mean the same port (and
/// are checked like a flag's text); `limit` is an object of limits or an array of "NAME=VALUE"
/// strings; `null` leaves a setting unset. Unknown keys are refused, so a typo cannot go unseen.
///
/// The file is read synchronously because `Entry` needs `threads` before any task may run; its
/// values then form an `InMemoryProvider` (the library's `FileProvider` starts asynchronously,
/// and its `JSONSnapshot` neither lists its keys nor reads "8080" as a number).
enum ConfigFile {
    static func read(_ path: String) throws(ConfigFileError) -> [ServeSetting: ServeConfig.Value] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: systemReason(error))
        }
        // Our validator first: it says where the JSON goes wrong, the decoder only that it does.
        do { _ = try JSONScanner.validate(Array(data)) } catch { throw .invalidJSON(path: path, reason: error.message) }
        let object: [String: JSONItem]
        do {
            object = try JSONDecoder().decode([String: JSONItem].self, from: data)
        } catch DecodingError.typeMismatch {
            throw .notAnObject(path: path)
        } catch {
            throw .invalidJSON(path: path, reason: "\(error)")
        }
        let unknown = object.keys.filter { ServeSetting(rawValue: $0) == nil }
        guard unknown.isEmpty else { throw .unknownKeys(path: path, keys: unknown.sorted()) }

        var values: [ServeSetting: ServeConfig.Value] = [:]
        for setting in ServeSetting.allCases {
            guard let item = object[setting.rawValue], item != .null else { continue }
            if setting.isList {
                values[setting] = .list(try limitOverrides(item, path: path, key: setting.rawValue))
            } else {
                guard let text = item.scalarText else {
                    throw .badValue(path: path, key: setting.rawValue, expected: "a string, a number or a boolean")
                }
                values[setting] = .text(text)
            }
        }
        return values
    }

    /// The system's words ("No such file or directory", "Is a directory") when Foundation has
    /// them: its own message is often only an error number.
    private static func systemReason(_ error: any Error) -> String {
        let cause = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        guard let cause, cause.domain == NSPOSIXErrorDomain else { return error.localizedDescription }
        return String(cString: strerror(Int32(cause.code)))
    }

    /// `{"claim_limit_max": 50}` or `["claim_limit_max=50"]` as "NAME=VALUE" entries.
    private static func limitOverrides(_ item: JSONItem, path: String, key: String) throws(ConfigFileError) -> [String] {
        let expected = "an object of limits ({\"claim_limit_max\": 50}) or an array of \"NAME=VALUE\" strings"
        var entries: [String] = []
        switch item {
        case .object(let limits):
            for (name, value) in limits.sorted(by: { $0.key < $1.key }) {
                guard let text = value.scalarText else { throw .badValue(path: path, key: key, expected: expected) }
                entries.append(name + "=" + text)
            }
        case .array(let items):
            for entry in items {
                guard case .string(let text) = entry else { throw .badValue(path: path, key: key, expected: expected) }
                entries.append(text)
            }
        default:
            throw .badValue(path: path, key: key, expected: expected)
        }
        return entries
    }
}

/// One JSON value of a config file.
private enum JSONItem: Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONItem])
    case object([String: JSONItem])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONItem].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONItem].self))
        }
    }

    /// The text of a string, number or boolean; nil for an array, an object or null.
    var scalarText: String? {
        switch self {
        case .bool(let value): "\(value)"
        case .int(let value): "\(value)"
        case .double(let value): "\(value)"
        case .string(let value): value
        case .null, .array, .object: nil
        }
    }
}
