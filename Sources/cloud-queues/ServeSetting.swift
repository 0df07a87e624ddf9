import Foundation

/// Every setting of `serve`, one per row of README "Configuration": the raw value is the key in a
/// config file, the flag's name without its dashes. The environment variable is `CQ_` and the key
/// in upper snake case, except the repeatable `limit`, whose variable keeps its older name.
enum ServeSetting: String, CaseIterable, Sendable {
    case host
    case port
    case redisURL = "redis-url"
    case redisCluster = "redis-cluster"
    case limits
    case limit
    case redisSentinels = "redis-sentinels"
    case redisMasterName = "redis-master-name"
    case redisSentinelPassword = "redis-sentinel-password"
    case redisWaitReplicas = "redis-wait-replicas"
    case redisWaitTimeoutMs = "redis-wait-timeout-ms"
    case redisConnections = "redis-connections"
    case redisTimeoutMs = "redis-timeout-ms"
    case threads
    case dataDir = "data-dir"
    case luaDir = "lua-dir"
    case sweepInterval = "sweep-interval"
    case logLevel = "log-level"
    case console
    case consoleDir = "console-dir"
    case auth
    case tokenFile = "token-file"
    case rateLimit = "rate-limit"
    case rateBurst = "rate-burst"
    case maxBodyBytes = "max-body-bytes"
    case maxHeaderBytes = "max-header-bytes"
    case maxHeaderCount = "max-header-count"
    case idleTimeout = "idle-timeout"
    case requestHeadTimeout = "request-head-timeout"
    case requestBodyTimeout = "request-body-timeout"
    case maxConnections = "max-connections"
    case logFormat = "log-format"
    case openapiFile = "openapi-file"
    case messageChecksums = "message-checksums"
    case shareSecret = "share-secret"

    var environmentVariable: String {
        self == .limit ? "CQ_LIMIT_OVERRIDES" : "CQ_" + rawValue.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The one list-valued setting: repeated flags, a comma-separated variable, a JSON object or array.
    var isList: Bool { self == .limit }

    /// Settings that may hold a password: marked secret for the config reader, redacted when shown.
    var isSecret: Bool { self == .redisURL || self == .redisCluster || self == .redisSentinelPassword || self == .shareSecret }

    /// `text` as logs and `--print-config` may show it.
    func shown(_ text: String) -> String {
        switch self {
        case .redisSentinelPassword, .shareSecret: text.isEmpty ? text : Redaction.mask
        case .redisURL, .redisCluster: Redaction.passwords(inURLs: text)
        default: text
        }
    }
}
