import ArgumentParser
import Logging
import NIOCore
import RedisClient

/// `--redis-cluster`: run on a Redis Cluster instead of one Redis (docs/cluster.md).
struct ClusterOptions: ParsableArguments {
    @Option(help: "Redis Cluster nodes host:port,host:port,... (some of them suffice: the rest come from CLUSTER SLOTS); entries may be redis://[user:password@]host:port. Env: CQ_REDIS_CLUSTER. Default: none (one Redis, see --redis-url).")
    var redisCluster: String?

    /// The flags given, for the config reader.
    var flags: [ServeSetting: ServeConfig.Value?] { [.redisCluster: .flag(redisCluster)] }

    /// The seed nodes, or nil for a single Redis. A `redis-url` from a source of higher precedence
    /// wins (an explicit `--redis-url` flag over `CQ_REDIS_CLUSTER`); both flags at once are refused.
    func seeds(config: ServeConfig) throws -> [RedisEndpoint]? {
        guard let cluster = config.given[.redisCluster] else { return nil }
        if let url = config.given[.redisURL] {
            if cluster.source == .flag, url.source == .flag {
                throw ValidationError("--redis-url and --redis-cluster exclude each other")
            }
            if url.source.precedes(cluster.source) { return nil }
        }
        guard let text = config.string(.redisCluster), !text.isEmpty else { return nil }
        do { return try ClusterSeeds.parse(text) } catch { throw ValidationError(error.description) }
    }
}
