import ArgumentParser
import CloudQueuesAPI
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import QueueStore
import RedisClient
import ServiceLifecycle

/// `cloud-queues serve`: runs the gateway. Every option has an environment variable and a key in
/// the config file; the flag wins over the variable, the variable over the file, the file over
/// the default (README "Configuration").
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP gateway.")

    @OptionGroup var configFile: ConfigFileOption

    @Flag(help: "Check the settings, print each with its source (flag, env, file or default; passwords masked) as JSON, and exit.")
    var printConfig = false

    @Option(help: "Address to listen on. Env: CQ_HOST. Default: 127.0.0.1.")
    var host: String?

    @Option(help: "Port to listen on. Env: CQ_PORT. Default: 8888.")
    var port: Int?

    @Option(help: "redis://[user:password@]host:port[/db] or unix:///path. Env: CQ_REDIS_URL. Default: start an embedded redis-server.")
    var redisURL: String?

    @OptionGroup var cluster: ClusterOptions

    @Option(help: "Limits profile: rackspace or zaqar. Env: CQ_LIMITS. Default: rackspace.")
    var limits: String?

    @Option(name: .customLong("limit"), help: "Override one limit, NAME=VALUE (repeatable), e.g. --limit claim_limit_max=50. Env: CQ_LIMIT_OVERRIDES=\"NAME=VALUE,NAME=VALUE\".")
    var limitOverrides: [String] = []

    @Option(help: "Redis connections per event loop. Env: CQ_REDIS_CONNECTIONS. Default: 1.")
    var redisConnections: Int?

    @Option(help: "Milliseconds a Redis connect or command may take before the request gets a 503. Env: CQ_REDIS_TIMEOUT_MS. Default: 1000.")
    var redisTimeoutMs: Int?

    @Option(help: "Event loop threads. Env: CQ_THREADS. Default: number of cores.")
    var threads: Int?

    @Option(help: "Folder for the embedded Redis's data. Env: CQ_DATA_DIR. Default: ./.cloud-queues.")
    var dataDir: String?

    @Option(help: "Folder of the Lua scripts. Env: CQ_LUA_DIR. Default: found next to the binary or in the source tree.")
    var luaDir: String?

    @Option(help: "Seconds between sweeps of expired messages and lapsed claims. Env: CQ_SWEEP_INTERVAL. Default: 10.")
    var sweepInterval: Int?

    @Option(help: "trace, debug, info, notice, warning, error or critical. Env: CQ_LOG_LEVEL. Default: info.")
    var logLevel: String?

    @OptionGroup var console: ConsoleOptions
    @OptionGroup(title: "Authentication, rate limits and hardening") var frontDoorOptions: FrontDoorOptions
    @OptionGroup var operability: OperabilityOptions
    @OptionGroup(title: "Redis high availability") var redisHA: RedisHAOptions
    @OptionGroup(title: "The v1.1 and v2 APIs") var v2Options: V2Options

    /// Every flag given, for the config reader.
    private var flags: [ServeSetting: ServeConfig.Value?] {
        let own: [ServeSetting: ServeConfig.Value?] = [
            .host: .flag(host), .port: .flag(port), .redisURL: .flag(redisURL), .limits: .flag(limits),
            .limit: limitOverrides.isEmpty ? nil : .list(limitOverrides), .redisConnections: .flag(redisConnections),
            .redisTimeoutMs: .flag(redisTimeoutMs), .threads: .flag(threads), .dataDir: .flag(dataDir),
            .luaDir: .flag(luaDir), .sweepInterval: .flag(sweepInterval), .logLevel: .flag(logLevel),
        ]
        return [cluster.flags, console.flags, frontDoorOptions.flags, operability.flags, redisHA.flags, v2Options.flags]
            .reduce(own) { $0.merging($1) { first, _ in first } }
    }

    func run() async throws {
        let config = try configFile.settings(flags: flags)
        let metricsRegistry = try operability.bootstrap(config: config)
        var logger = Logger(label: "cloud-queues")
        let levelName = config.string(.logLevel) ?? "info"
        guard let level = Logger.Level(rawValue: levelName) else { throw ValidationError("unknown log level '\(levelName)'") }
        logger.logLevel = level
        logger.debug("settings", metadata: config.logMetadata)

        let limitsName = config.string(.limits) ?? "rackspace"
        guard var limits = Limits.profile(named: limitsName) else {
            throw ValidationError("unknown limits profile '\(limitsName)' (rackspace or zaqar)")
        }
        for override in config.strings(.limit) where !override.isEmpty {
            let parts = override.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--limit takes NAME=VALUE, not '\(override)'") }
            do { try limits.set(parts[0], to: parts[1]) } catch { throw ValidationError(error.description) }
        }
        let host = config.string(.host) ?? "127.0.0.1"
        let port = try config.int(.port) ?? 8888
        let timeout = try config.int(.redisTimeoutMs) ?? 1000
        let connections = try config.int(.redisConnections) ?? 1
        let sweepInterval = try config.int(.sweepInterval) ?? 10
        // Entry sized the event loops from it already; a bad value must still stop start-up.
        _ = try config.int(.threads, default: System.coreCount, minimum: 1)
        let scripts = try ScriptCatalogue.locate(config.string(.luaDir))
        let consoleFiles = try console.files(config: config, logger: logger)
        let front = try frontDoorOptions.resolve(
            config: config, logger: logger, apiBodyLimit: max(limits.postBodyMaxBytes, limits.metadataMaxBytes))
        defer { front.watcher?.stop() }

        var redisConfiguration = RedisClientConfiguration(
            connectionsPerEventLoop: connections,
            connectTimeout: .milliseconds(Int64(timeout)),
            commandTimeout: .milliseconds(Int64(timeout)))
        try redisHA.applyWait(to: &redisConfiguration, config: config)

        let clusterSeeds = try cluster.seeds(config: config)
        var configured: RedisEndpoint?  // nil: start an embedded Redis
        var sentinel: SentinelConnector?
        if let clusterSeeds {
            if try redisHA.sentinelConnector(master: clusterSeeds[0], config: config, logger: logger) != nil {
                throw ValidationError("--redis-cluster and --redis-sentinels cannot be used together")
            }
            configured = clusterSeeds[0]
        } else {
            let url = config.string(.redisURL) ?? ""
            let master = url.isEmpty ? RedisEndpoint(address: .tcp(host: "sentinel-master", port: 6379)) : try Self.endpoint(url)
            sentinel = try redisHA.sentinelConnector(master: master, config: config, logger: logger)
            if sentinel != nil || !url.isEmpty {
                configured = master  // with sentinels, only its credentials and database count
            }
        }
        if printConfig {
            print(try config.printed())
            return
        }
        var embedded: EmbeddedRedis?
        let endpoint: RedisEndpoint
        if let configured {
            endpoint = configured
        } else {
            let redis = try await EmbeddedRedis.start(dataDirectory: config.string(.dataDir) ?? ".cloud-queues", logger: logger)
            embedded = redis
            endpoint = redis.endpoint
        }

        // Sized by Entry from --threads / CQ_THREADS; also the Swift Concurrency executor.
        let group = MultiThreadedEventLoopGroup.singleton
        let redis: any RedisExecutor = clusterSeeds.map {
            ClusterClient(seeds: $0, eventLoopGroup: group, configuration: redisConfiguration, logger: logger)
        } ?? RedisClient(
            endpoint: endpoint, eventLoopGroup: group, configuration: redisConfiguration,
            connector: sentinel, logger: logger)
        let store = QueueStore(redis: redis, scripts: scripts)
        do {
            try await store.loadScripts()
            logger.info("scripts loaded", metadata: ["redis.endpoint": "\(endpoint)", "scripts": "\(scripts.all.count)"])
        } catch {
            // Not fatal: requests get 503 until Redis answers, then NOSCRIPT loads the scripts.
            logger.warning("could not load scripts, redis unavailable", metadata: ["redis.endpoint": "\(endpoint)", "error": "\(error)"])
        }

        let serverLogger = logger
        let shutdownLog = ShutdownLog(logger: logger)
        let endpoints = OperationalEndpoints(
            metrics: OperabilityOptions.metricsRenderer(registry: metricsRegistry, redis: redis),
            openAPIDocument: operability.openAPIDocument(config: config, logger: logger))
        let app = Application(
            responder: ObservingResponder(
                api: APIResponder(store: store, limits: limits, frontDoor: front.frontDoor, console: consoleFiles,
                                  messageChecksums: try v2Options.checksums(config: config), shareSecret: v2Options.secret(config: config)),
                endpoints: endpoints),
            server: front.server(logger: logger),
            configuration: .init(
                address: .hostname(host, port: port), serverName: "cloud-queues",
                availableConnectionsDelegate: front.connectionLimit(logger: logger)),
            services: [SweeperService(sweeper: Sweeper(store: store, intervalSeconds: sweepInterval, logger: logger))],
            onServerRunning: { channel in
                serverLogger.info("listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")", "limits": "\(limitsName)"])
            },
            eventLoopGroupProvider: .shared(group),
            logger: logger)
        do {
            // The shutdown log is the last service, so the group tells it first (services are
            // stopped in reverse order) and "shutdown started" comes before the drain.
            try await ServiceGroup(configuration: .init(
                services: [app, shutdownLog], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)).run()
        } catch {
            logger.error("server stopped", metadata: ["error": "\(error)"])
        }
        shutdownLog.serverStopped()
        await redis.close()
        await embedded?.stop()
        shutdownLog.finished(embeddedRedis: embedded != nil)
    }

    private static func endpoint(_ url: String) throws -> RedisEndpoint {
        do { return try RedisEndpoint(url: url) } catch { throw ValidationError(error.description) }
    }
}

/// Runs the sweeper for as long as the application runs.
struct SweeperService: Service, CustomStringConvertible {
    let sweeper: Sweeper

    /// What ServiceLifecycle logs for it (the default would print every Lua script's source).
    var description: String { "SweeperService" }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await sweeper.run()
        }
    }
}
