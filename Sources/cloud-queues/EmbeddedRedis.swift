import Foundation
import Logging
import NIOPosix
import RedisClient

/// A `redis-server` child process for newcomers who configured no Redis: it listens only on a
/// unix socket in the data folder (no port to collide with), keeps an append-only file there,
/// and is stopped with the gateway.
///
/// Spawned with `posix_spawn` and a clean signal mask: a child inherits the mask of the thread
/// that forks it, and NIO's threads block almost every signal, so a `redis-server` started
/// through Foundation's `Process` never saw SIGTERM (the gateway then waited 5 s and killed it,
/// without the clean shutdown that flushes the append-only file).
final class EmbeddedRedis: @unchecked Sendable {
    let pid: pid_t
    let endpoint: RedisEndpoint

    private init(pid: pid_t, endpoint: RedisEndpoint) {
        self.pid = pid
        self.endpoint = endpoint
    }

    static func start(dataDirectory: String, logger: Logger) async throws -> EmbeddedRedis {
        let dir = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let socket = dir + "/redis.sock"
        let pidFile = dir + "/redis.pid"
        // A redis-server left behind by a gateway that was killed: stop it first.
        if let pid = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
            kill(pid, SIGTERM)
            for _ in 0..<50 where kill(pid, 0) == 0 { try await Task.sleep(for: .milliseconds(100)) }
        }
        guard let server = findExecutable("redis-server") else {
            throw EmbeddedRedisError(message: "redis-server not found in PATH: install it (apt-get install redis-server) or pass --redis-url")
        }
        let pid = try spawn(server, [
            "--port", "0", "--unixsocket", socket, "--unixsocketperm", "700", "--dir", dir,
            "--pidfile", pidFile, "--appendonly", "yes", "--save", "", "--daemonize", "no",
            "--logfile", dir + "/redis.log",
        ])
        let redis = EmbeddedRedis(pid: pid, endpoint: RedisEndpoint(address: .unixSocket(path: socket)))
        let group = MultiThreadedEventLoopGroup.singleton
        let client = RedisClient(endpoint: redis.endpoint, eventLoopGroup: group, configuration: .init(reconnectBackoff: .milliseconds(0)))
        defer { Task { await client.close() } }
        for _ in 0..<100 {
            if (try? await client.send(RedisCommand("PING"))) == .simpleString("PONG") {
                logger.info("embedded redis started", metadata: ["redis.socket": "\(socket)", "redis.pid": "\(pid)"])
                return redis
            }
            guard redis.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        await redis.stop()
        throw EmbeddedRedisError(message: "embedded redis-server did not start; see \(dir)/redis.log")
    }

    /// Whether the child has not exited yet (reaps it once it has).
    var isRunning: Bool {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        return r == 0 || (r == -1 && errno == EINTR)
    }

    /// Stops Redis with SIGTERM (its clean shutdown: the append-only file is flushed and synced),
    /// killing it if it has not exited after 5 s.
    func stop() async {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        for _ in 0..<500 where isRunning {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if isRunning {
            kill(pid, SIGKILL)
            _ = isRunning
        }
    }

    /// Starts `path` with `arguments`, no signal blocked and SIGTERM, SIGINT, SIGHUP and SIGPIPE
    /// at their default actions; stdin/stdout/stderr are inherited.
    private static func spawn(_ path: String, _ arguments: [String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, nil, &attributes, argv, environ)
        guard result == 0 else {
            throw EmbeddedRedisError(message: "could not start \(path): \(String(cString: strerror(result)))")
        }
        return pid
    }

    private static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/sbin", "/usr/bin"] {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

struct EmbeddedRedisError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
