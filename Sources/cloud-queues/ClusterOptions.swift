import ArgumentParser
import Logging
import NIOCore
import RedisClient

/// `--redis-cluster`: run on a Redis Cluster instead of one Redis (docs/cluster.md).
struct ClusterOptions: ParsableArguments {
    @Option(help: "Redis Cluster nodes host:port,host:port,... (some of them suffice: the rest come from CLUSTER SLOTS); entries may be redis://[user:password@]host:port. Env: CQ_REDIS_CLUSTER. Default: none (one Redis, see --redis-url).")
    var redisCluster: String?

    /// The seed nodes, or nil for a single Redis. The flag wins over the environment, and an
    /// explicit `--redis-url` flag wins over `CQ_REDIS_CLUSTER`; both flags at once are refused.
    func seeds(redisURLFlag: String?, environment env: [String: String]) throws -> [RedisEndpoint]? {
        if redisCluster != nil, redisURLFlag != nil {
            throw ValidationError("--redis-url and --redis-cluster exclude each other")
        }
        guard let text = redisCluster ?? (redisURLFlag == nil ? env["CQ_REDIS_CLUSTER"] : nil), !text.isEmpty else {
            return nil
        }
        do { return try ClusterSeeds.parse(text) } catch { throw ValidationError(error.description) }
    }
}
