import Foundation
import XCTest

/// A `redis-server` (or sentinel) the test starts itself on a free loopback port, and stops.
final class RedisProcess {
    let port: Int
    let process: Process
    let directory: String

    /// Starts `redis-server` with `arguments` (a sentinel: a config file and `--sentinel`).
    init(directory: String, port: Int, arguments: [String]) throws {
        guard let server = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("redis-server is not installed")
        }
        self.port = port
        self.directory = directory
        process = Process()
        process.executableURL = URL(fileURLWithPath: server)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    static func server(in directory: String, extra: [String] = []) throws -> RedisProcess {
        let port = try freePort()
        return try RedisProcess(directory: directory, port: port, arguments: [
            "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", directory, "--daemonize", "no",
        ] + extra)
    }

    /// A sentinel watching `masterPort` under `name` (quorum 1, 1 s to call a master down).
    static func sentinel(in directory: String, name: String, masterPort: Int) throws -> RedisProcess {
        let port = try freePort()
        let config = "\(directory)/sentinel-\(port).conf"
        try """
            port \(port)
            bind 127.0.0.1
            daemonize no
            dir "\(directory)"
            sentinel monitor \(name) 127.0.0.1 \(masterPort) 1
            sentinel down-after-milliseconds \(name) 1000
            sentinel failover-timeout \(name) 4000

            """.write(toFile: config, atomically: true, encoding: .utf8)
        return try RedisProcess(directory: directory, port: port, arguments: [config, "--sentinel"])
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }  // test data: nothing to keep
        for _ in 0..<100 where process.isRunning { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// A port nothing listens on right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw XCTSkip("no socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw XCTSkip("cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "cq-redis-test-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
