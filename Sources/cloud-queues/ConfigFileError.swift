/// Why a config file (`--config`, `CQ_CONFIG`) was refused; the gateway does not start.
enum ConfigFileError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalidJSON(path: String, reason: String)
    case notAnObject(path: String)
    case unknownKeys(path: String, keys: [String])
    case badValue(path: String, key: String, expected: String)

    var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read config file \(path): \(reason)"
        case .invalidJSON(let path, let reason):
            "config file \(path) is not valid JSON: \(reason)"
        case .notAnObject(let path):
            "config file \(path) must hold one JSON object of settings"
        case .unknownKeys(let path, let keys):
            "config file \(path): unknown key\(keys.count == 1 ? "" : "s") \(keys.map { "'\($0)'" }.joined(separator: ", ")) "
                + "(keys are the flags of `cloud-queues serve --help` without their dashes)"
        case .badValue(let path, let key, let expected):
            "config file \(path): '\(key)' must be \(expected)"
        }
    }
}
