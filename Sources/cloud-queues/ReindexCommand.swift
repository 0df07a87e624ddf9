import ArgumentParser
import Foundation
import NIOPosix
import QueueStore
import RedisClient

/// `cloud-queues reindex`: rebuilds the queue indexes from the queues themselves (after a crash
/// between a queue's script and its index update, or once after upgrading from the single global
/// index `cq:queues`). Safe while gateways run. See docs/cluster.md "Consistency".
struct ReindexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex", abstract: "Rebuild the queue indexes from the queues in Redis.")

    @Option(help: "redis://[user:password@]host:port[/db] or unix:///path. Env: CQ_REDIS_URL.")
    var redisURL: String?

    @OptionGroup var cluster: ClusterOptions

    @Option(help: "Folder of the Lua scripts. Env: CQ_LUA_DIR. Default: found next to the binary or in the source tree.")
    var luaDir: String?

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        let group = MultiThreadedEventLoopGroup.singleton
        let redis: any RedisExecutor
        if let seeds = try cluster.seeds(redisURLFlag: redisURL, environment: env) {
            redis = ClusterClient(seeds: seeds, eventLoopGroup: group)
        } else if let url = redisURL ?? env["CQ_REDIS_URL"], !url.isEmpty {
            do { redis = RedisClient(endpoint: try RedisEndpoint(url: url), eventLoopGroup: group) } catch {
                throw ValidationError(error.description)
            }
        } else {
            throw ValidationError("give --redis-url or --redis-cluster (or CQ_REDIS_URL / CQ_REDIS_CLUSTER)")
        }
        let store = QueueStore(redis: redis, scripts: try ScriptCatalogue.locate(luaDir ?? env["CQ_LUA_DIR"]))
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
