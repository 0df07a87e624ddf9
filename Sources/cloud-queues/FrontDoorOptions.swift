import ArgumentParser
import Auth
import CloudQueuesAPI
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// `serve`'s options for authentication, rate limits and connection hardening (README
/// "Authentication, rate limits and hardening"). As everywhere: flag, then `CQ_*` variable,
/// then config file, then default.
struct FrontDoorOptions: ParsableArguments {
    @Option(help: "none or tokens. Env: CQ_AUTH. Default: none (the project comes from the URL or X-Project-Id).")
    var auth: String?

    @Option(help: "Token file (JSON, hashes only; `cloud-queues token add` writes it) for --auth tokens; reloaded on change and on SIGHUP. Env: CQ_TOKEN_FILE.")
    var tokenFile: String?

    @Option(help: "Requests per second per project, shared by all gateways on this Redis (0 = no limit). Env: CQ_RATE_LIMIT. Default: 0.")
    var rateLimit: Int?

    @Option(help: "Requests a project may make at once before the rate applies. Env: CQ_RATE_BURST. Default: the rate limit.")
    var rateBurst: Int?

    @Option(help: "Largest request body read at all, also chunked (400 above it, or the connection is closed). Env: CQ_MAX_BODY_BYTES. Default: 1048576.")
    var maxBodyBytes: Int?

    @Option(help: "Largest request head: one header field and all of them together (400 above it). Env: CQ_MAX_HEADER_BYTES. Default: 16384.")
    var maxHeaderBytes: Int?

    @Option(help: "Most header fields in a request (400 above it). Env: CQ_MAX_HEADER_COUNT. Default: 100.")
    var maxHeaderCount: Int?

    @Option(help: "Seconds a connection may sit without a complete request before it is closed. Env: CQ_IDLE_TIMEOUT. Default: 60.")
    var idleTimeout: Int?

    @Option(help: "Seconds from a request's first byte to the end of its head. Env: CQ_REQUEST_HEAD_TIMEOUT. Default: 10.")
    var requestHeadTimeout: Int?

    @Option(help: "Seconds from a request's head to the end of its body. Env: CQ_REQUEST_BODY_TIMEOUT. Default: 30.")
    var requestBodyTimeout: Int?

    @Option(help: "Open client connections at most; beyond it new ones wait in the listen backlog. Env: CQ_MAX_CONNECTIONS. Default: 10000.")
    var maxConnections: Int?

    /// The flags given, for the config reader.
    var flags: [ServeSetting: ServeConfig.Value?] {
        [.auth: .flag(auth), .tokenFile: .flag(tokenFile), .rateLimit: .flag(rateLimit), .rateBurst: .flag(rateBurst),
         .maxBodyBytes: .flag(maxBodyBytes), .maxHeaderBytes: .flag(maxHeaderBytes), .maxHeaderCount: .flag(maxHeaderCount),
         .idleTimeout: .flag(idleTimeout), .requestHeadTimeout: .flag(requestHeadTimeout),
         .requestBodyTimeout: .flag(requestBodyTimeout), .maxConnections: .flag(maxConnections)]
    }

    /// The resolved settings.
    struct Settings {
        var frontDoor: FrontDoor
        var watcher: TokenFileWatcher?
        var maxHeaderBytes: Int
        var maxHeaderCount: Int
        var idleTimeout: Int
        var requestHeadTimeout: Int
        var requestBodyTimeout: Int
        var maxConnections: Int

        /// Stops accepting connections while `maxConnections` are open.
        func connectionLimit(logger: Logger) -> any AvailableConnectionsDelegate {
            MaximumAvailableConnections(maxConnections, logger: logger)
        }

        /// HTTP/1 with the header limits, the idle timeout and a `ConnectionGuard` per connection.
        func server(logger: Logger) -> HTTPServerBuilder {
            let head = TimeAmount.seconds(Int64(requestHeadTimeout))
            let body = TimeAmount.seconds(Int64(requestBodyTimeout))
            let maxBody = frontDoor.maxBodyBytes
            return .http1(configuration: .init(
                additionalChannelHandlers: [LowercaseHeaderNames.Installer(), ConnectionGuard(headTimeout: head, bodyTimeout: body, maxBodyBytes: maxBody, logger: logger)],
                idleTimeout: .seconds(Int64(idleTimeout)),
                httpDecoderConfiguration: .init(
                    maxHeaderFieldSize: maxHeaderBytes, maxHeaderListSize: maxHeaderBytes, maxHeaderFieldCount: maxHeaderCount)))
        }
    }

    /// Reads the settings; with `--auth tokens` loads the token file (a bad file stops start-up)
    /// and starts watching it. `apiBodyLimit` is the largest body the API itself accepts: the
    /// transport cap is kept at least 64 KiB above it, so the API's own limit (400, contract §14)
    /// always answers first and the cap only meets bodies no handler reads.
    func resolve(config: ServeConfig, logger: Logger, apiBodyLimit: Int) throws -> Settings {
        let mode = config.string(.auth) ?? "none"
        var frontDoor = FrontDoor()
        var watcher: TokenFileWatcher?
        switch mode {
        case "none":
            break
        case "tokens":
            guard let path = config.string(.tokenFile), !path.isEmpty else {
                throw ValidationError("--auth tokens needs --token-file (or CQ_TOKEN_FILE)")
            }
            let store: TokenStore
            do { store = try TokenStore(path: path) } catch { throw ValidationError(error.description) }
            logger.info("tokens loaded", metadata: ["auth.token_file": "\(path)", "auth.tokens": "\(store.count)"])
            let fileWatcher = TokenFileWatcher(store: store)
            fileWatcher.start { event in
                switch event {
                case .reloaded(let count, let reason):
                    logger.info("tokens reloaded", metadata: ["auth.tokens": "\(count)", "auth.reason": "\(reason)"])
                case .failed(let error):
                    logger.error("token file not reloaded, previous tokens stay in force", metadata: ["error": "\(error)"])
                }
            }
            frontDoor.tokens = store
            watcher = fileWatcher
        default:
            throw ValidationError("--auth is none or tokens, not '\(mode)'")
        }

        let rate = try config.int(.rateLimit, default: 0, minimum: 0)
        if rate > 0 {
            let burst = try config.int(.rateBurst, default: rate, minimum: 1)
            frontDoor.rateLimit = RateLimit(requestsPerSecond: rate, burst: burst)
        }
        let cap = try config.int(.maxBodyBytes, default: FrontDoor.defaultMaxBodyBytes, minimum: 1)
        frontDoor.maxBodyBytes = max(cap, apiBodyLimit + 65536)
        if frontDoor.maxBodyBytes != cap {
            logger.notice("body cap raised above the API's body limits", metadata: ["http.body.max": "\(frontDoor.maxBodyBytes)"])
        }
        return Settings(
            frontDoor: frontDoor,
            watcher: watcher,
            maxHeaderBytes: try config.int(.maxHeaderBytes, default: 16384, minimum: 256),
            maxHeaderCount: try config.int(.maxHeaderCount, default: 100, minimum: 1),
            idleTimeout: try config.int(.idleTimeout, default: 60, minimum: 1),
            requestHeadTimeout: try config.int(.requestHeadTimeout, default: 10, minimum: 1),
            requestBodyTimeout: try config.int(.requestBodyTimeout, default: 30, minimum: 1),
            maxConnections: try config.int(.maxConnections, default: 10000, minimum: 1))
    }
}
