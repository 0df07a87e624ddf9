import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Finds the master of a Redis Sentinel group and connects to it.
///
/// Every new connection asks the sentinels (`SENTINEL get-master-addr-by-name`), one after the
/// other, the last one that answered first (as Sentinel's client guidelines advise), then checks
/// with `ROLE` that the node it reached is a master. Connections are made at start-up and after
/// one broke, so a failover is followed like this: the old master's connections break (or it
/// answers `READONLY` once demoted: `ConnectionSlot.exchange` drops the connection); the next
/// connection asks the sentinels, which name the old master until the failover is done (the
/// connect fails, requests get 503 for the client's reconnect backoff), then the new one. The new
/// master has an empty script cache: EVALSHA's `NOSCRIPT` reloads each script on first use.
public final class SentinelConnector: RedisConnector {
    /// The sentinels, the last one that answered first.
    private let sentinels: NIOLockedValueBox<[RedisEndpoint]>
    public let masterName: String
    /// User, password and database for the master (its address comes from the sentinels).
    private let master: RedisEndpoint
    private let currentMaster = NIOLockedValueBox<RedisEndpoint.Address?>(nil)
    private let logger: Logger

    /// - Parameters:
    ///   - sentinels: `host:port` of each sentinel (port 26379 when left out), with the
    ///     sentinels' own password if they have one.
    ///   - master: credentials and database for the master; its address is ignored.
    public init(sentinels: [RedisEndpoint], masterName: String, master: RedisEndpoint, logger: Logger = Logger(label: "redis")) {
        precondition(!sentinels.isEmpty, "at least one sentinel")
        self.sentinels = NIOLockedValueBox(sentinels)
        self.masterName = masterName
        self.master = master
        self.logger = logger
    }

    /// Parses `host:port,host:port,[::1]:26379` into sentinel endpoints.
    public static func parseSentinels(_ list: String, password: String? = nil) throws(RedisEndpointError) -> [RedisEndpoint] {
        var out: [RedisEndpoint] = []
        for item in list.split(separator: ",").map({ String($0.filter { $0 != " " }) }) where !item.isEmpty {
            let hasPort = item.hasPrefix("[") ? item.contains("]:") : item.contains(":")
            guard !item.contains("/"), !item.contains("@") else {
                throw RedisEndpointError(url: item, reason: "a sentinel is host:port")
            }
            var endpoint = try RedisEndpoint(url: "redis://" + item + (hasPort ? "" : ":26379"))
            endpoint.password = password
            out.append(endpoint)
        }
        guard !out.isEmpty else { throw RedisEndpointError(url: list, reason: "no sentinel given") }
        return out
    }

    public func connect(on eventLoop: any EventLoop, configuration: RedisClientConfiguration) -> EventLoopFuture<RedisConnection> {
        resolveMaster(on: eventLoop, configuration: configuration).flatMap { endpoint in
            RedisConnection.connect(to: endpoint, on: eventLoop, configuration: configuration).flatMap { connection in
                self.checkRole(of: connection, at: endpoint).flatMapError { error in
                    connection.close().flatMapThrowing { throw error }
                }
            }
        }
    }

    /// The master's address as the sentinels name it now.
    public func resolveMaster(on eventLoop: any EventLoop, configuration: RedisClientConfiguration) -> EventLoopFuture<RedisEndpoint> {
        let order = sentinels.withLockedValue { $0 }
        return ask(order, from: 0, failures: [], on: eventLoop, configuration: configuration)
    }

    private func ask(
        _ order: [RedisEndpoint], from index: Int, failures: [String],
        on eventLoop: any EventLoop, configuration: RedisClientConfiguration
    ) -> EventLoopFuture<RedisEndpoint> {
        guard index < order.count else {
            return eventLoop.makeFailedFuture(RedisError.unavailable(
                "no sentinel named master '\(masterName)': " + failures.joined(separator: "; ")))
        }
        let sentinel = order[index]
        let command = RedisCommand("SENTINEL", ["get-master-addr-by-name", .string(masterName)])
        return RedisConnection.connect(to: sentinel, on: eventLoop, configuration: configuration)
            .flatMap { connection in
                connection.send(command).always { _ in _ = connection.close() }
            }
            .flatMapThrowing { reply -> RedisEndpoint in
                guard let pair = reply.array, pair.count == 2, let host = pair[0].string,
                      let port = pair[1].int, (1...65535).contains(port)
                else { throw RedisError.unavailable("does not know master '\(self.masterName)' (\(reply))") }
                var endpoint = self.master
                endpoint.address = .tcp(host: host, port: Int(port))
                return endpoint
            }
            .map { endpoint in
                if index > 0 { self.moveToFront(sentinel) }
                return endpoint
            }
            .flatMapError { error in
                self.ask(order, from: index + 1, failures: failures + ["\(sentinel.address): \(error)"],
                         on: eventLoop, configuration: configuration)
            }
    }

    /// A node the sentinels still name while it is being demoted, or one restarted with its old
    /// configuration, is not a master: no connection to it.
    private func checkRole(of connection: RedisConnection, at endpoint: RedisEndpoint) -> EventLoopFuture<RedisConnection> {
        connection.send(RedisCommand("ROLE")).flatMapThrowing { reply in
            let role = reply.array?.first?.string ?? "?"
            guard role == "master" else {
                throw RedisError.unavailable("\(endpoint) is a \(role), not the master (failover in progress)")
            }
            self.noteMaster(endpoint)
            return connection
        }.flatMapErrorThrowing { error in
            // An ACL user without ROLE: trust the sentinels (READONLY still catches a replica).
            if case RedisError.server(let message) = error, message.hasPrefix("NOPERM") {
                self.noteMaster(endpoint)
                return connection
            }
            throw error
        }
    }

    private func moveToFront(_ sentinel: RedisEndpoint) {
        sentinels.withLockedValue { list in
            guard let i = list.firstIndex(of: sentinel), i > 0 else { return }
            list.insert(list.remove(at: i), at: 0)
        }
    }

    private func noteMaster(_ endpoint: RedisEndpoint) {
        let previous = currentMaster.withLockedValue { current -> RedisEndpoint.Address?? in
            guard current != endpoint.address else { return .none }
            defer { current = endpoint.address }
            return .some(current)
        }
        guard let previous else { return }
        logger.info("redis master", metadata: [
            "redis.master": "\(endpoint)", "redis.previous_master": "\(previous.map { "\($0)" } ?? "none")",
            "redis.master_name": "\(masterName)",
        ])
    }
}
