import ArgumentParser
import NIOPosix
import QueueStore
import RedisClient

/// `cloud-queues reindex`: rebuilds the queue indexes from the queues themselves (after a crash
/// between a queue's script and its index update, or once after upgrading from the single global
/// index `cq:queues`). Safe while gateways run. See docs/cluster.md "Consistency".
struct ReindexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex", abstract: "Rebuild the queue indexes from the queues in Redis.")

    @OptionGroup var configFile: ConfigFileOption

    @Option(help: "redis://[user:password@]host:port[/db] or unix:///path. Env: CQ_REDIS_URL.")
    var redisURL: String?

    @OptionGroup var cluster: ClusterOptions

    @Option(help: "Folder of the Lua scripts. Env: CQ_LUA_DIR. Default: found next to the binary or in the source tree.")
    var luaDir: String?

    func run() async throws {
        let config = try configFile.settings(flags: [.redisURL: .flag(redisURL), .luaDir: .flag(luaDir)].merging(cluster.flags) { $1 })
        let group = MultiThreadedEventLoopGroup.singleton
        let redis: any RedisExecutor
        if let seeds = try cluster.seeds(config: config) {
            redis = ClusterClient(seeds: seeds, eventLoopGroup: group)
        } else if let url = config.string(.redisURL), !url.isEmpty {
            do { redis = RedisClient(endpoint: try RedisEndpoint(url: url), eventLoopGroup: group) } catch {
                throw ValidationError(error.description)
            }
        } else {
            throw ValidationError("give --redis-url or --redis-cluster (or CQ_REDIS_URL / CQ_REDIS_CLUSTER)")
        }
        let store = QueueStore(redis: redis, scripts: try ScriptCatalogue.locate(config.string(.luaDir)))
        let report: ReindexReport
        do {
            try await store.loadScripts()
            report = try await store.reindex()
        } catch {
            await redis.close()
            throw error
        }
        await redis.close()
        print("reindex: \(report)")
    }
}
