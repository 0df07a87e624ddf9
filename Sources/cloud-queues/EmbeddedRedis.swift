import Foundation
import Logging
import NIOPosix
import RedisClient

/// A `redis-server` child process for newcomers who configured no Redis: it listens only on a
/// unix socket in the data folder (no port to collide with), keeps an append-only file there,
/// and is stopped with the gateway.
final class EmbeddedRedis: @unchecked Sendable {
    let process: Process
    let endpoint: RedisEndpoint

    private init(process: Process, endpoint: RedisEndpoint) {
        self.process = process
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: server)
        process.arguments = [
            "--port", "0", "--unixsocket", socket, "--unixsocketperm", "700", "--dir", dir,
            "--pidfile", pidFile, "--appendonly", "yes", "--save", "", "--daemonize", "no",
            "--logfile", dir + "/redis.log",
        ]
        try process.run()
        let redis = EmbeddedRedis(process: process, endpoint: RedisEndpoint(address: .unixSocket(path: socket)))
        let group = MultiThreadedEventLoopGroup.singleton
        let client = RedisClient(endpoint: redis.endpoint, eventLoopGroup: group, configuration: .init(reconnectBackoff: .milliseconds(0)))
        defer { Task { await client.close() } }
        for _ in 0..<100 {
            if (try? await client.send(RedisCommand("PING"))) == .simpleString("PONG") {
                logger.info("embedded redis started", metadata: ["redis.socket": "\(socket)", "redis.pid": "\(process.processIdentifier)"])
                return redis
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        await redis.stop()
        throw EmbeddedRedisError(message: "embedded redis-server did not start; see \(dir)/redis.log")
    }

    /// Stops Redis (SIGTERM: it flushes its append-only file), killing it after 5 s.
    /// (`Process.waitUntilExit` is avoided: it spins a run loop that async code never turns.)
    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<100 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
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
