import ArgumentParser
import Logging
import NIOCore
import RedisClient

/// `serve` options for a highly available Redis: the master found through Redis Sentinel, and
/// `WAIT`-based acknowledgement of writes by replicas (README "Deployment").
struct RedisHAOptions: ParsableArguments {
    @Option(help: "Sentinels, host:port,host:port: find the Redis master through them and follow failovers (the host and port of --redis-url are then ignored; its user, password and database still apply). Env: CQ_REDIS_SENTINELS.")
    var redisSentinels: String?

    @Option(help: "Name of the master the sentinels monitor. Env: CQ_REDIS_MASTER_NAME. Default: mymaster.")
    var redisMasterName: String?

    @Option(help: "Password of the sentinels themselves (not of the master). Env: CQ_REDIS_SENTINEL_PASSWORD.")
    var redisSentinelPassword: String?

    @Option(help: "After each write, WAIT until this many replicas have it; fewer in time answer 503. Env: CQ_REDIS_WAIT_REPLICAS. Default: 0 (no WAIT).")
    var redisWaitReplicas: Int?

    @Option(help: "Milliseconds WAIT may block (below --redis-timeout-ms). Env: CQ_REDIS_WAIT_TIMEOUT_MS. Default: 500.")
    var redisWaitTimeoutMs: Int?

    /// The flags given, for the config reader.
    var flags: [ServeSetting: ServeConfig.Value?] {
        [.redisSentinels: .flag(redisSentinels), .redisMasterName: .flag(redisMasterName),
         .redisSentinelPassword: .flag(redisSentinelPassword), .redisWaitReplicas: .flag(redisWaitReplicas),
         .redisWaitTimeoutMs: .flag(redisWaitTimeoutMs)]
    }

    /// The sentinel connector, when sentinels are configured; `master` gives the credentials
    /// and database (from `--redis-url`, if any).
    func sentinelConnector(master: RedisEndpoint, config: ServeConfig, logger: Logger) throws -> SentinelConnector? {
        guard let list = config.string(.redisSentinels), !list.isEmpty else { return nil }
        let password = config.string(.redisSentinelPassword)
        let sentinels: [RedisEndpoint]
        do {
            sentinels = try SentinelConnector.parseSentinels(list, password: password?.isEmpty == false ? password : nil)
        } catch {
            throw ValidationError("--redis-sentinels: \(error.description)")
        }
        let name = config.string(.redisMasterName) ?? "mymaster"
        guard !name.isEmpty else { throw ValidationError("--redis-master-name must not be empty") }
        return SentinelConnector(sentinels: sentinels, masterName: name, master: master, logger: logger)
    }

    /// Sets the `WAIT` fields of `configuration`.
    func applyWait(to configuration: inout RedisClientConfiguration, config: ServeConfig) throws {
        let replicas = try config.int(.redisWaitReplicas) ?? 0
        let timeoutMs = try config.int(.redisWaitTimeoutMs) ?? 500
        guard replicas >= 0 else { throw ValidationError("--redis-wait-replicas must not be negative") }
        guard timeoutMs > 0 else { throw ValidationError("--redis-wait-timeout-ms must be positive") }
        let wait = TimeAmount.milliseconds(Int64(timeoutMs))
        if replicas > 0 && wait >= configuration.commandTimeout {
            throw ValidationError("--redis-wait-timeout-ms (\(timeoutMs)) must be below --redis-timeout-ms")
        }
        configuration.waitReplicas = replicas
        configuration.waitTimeout = wait
    }
}
