import ArgumentParser
import Foundation
import NIOPosix
import QueueInspection
import QueueStore
import RedisClient

/// `cloud-queues inspect`: read queues straight from Redis, for the person who debugs.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Read queues straight from Redis and check the data model.",
        subcommands: [Queues.self, Queue.self, Check.self])

    /// Where Redis is, and the output format.
    struct Connection: ParsableArguments {
        @OptionGroup var configFile: ConfigFileOption

        @Option(help: "redis://... or unix:///path. Env: CQ_REDIS_URL. Default: the embedded Redis's socket in --data-dir.")
        var redisURL: String?

        @Option(help: "The embedded Redis's folder, used when no Redis URL is given. Env: CQ_DATA_DIR. Default: ./.cloud-queues.")
        var dataDir: String?

        @Flag(help: "Print JSON instead of text.") var json = false

        func withInspector<T>(_ body: (Inspector) async throws -> T) async throws -> T {
            let config = try configFile.settings(flags: [.redisURL: .flag(redisURL), .dataDir: .flag(dataDir)])
            let endpoint: RedisEndpoint
            do {
                if let url = config.string(.redisURL), !url.isEmpty {
                    endpoint = try RedisEndpoint(url: url)
                } else {
                    let dir = URL(fileURLWithPath: config.string(.dataDir) ?? ".cloud-queues").standardizedFileURL.path
                    endpoint = RedisEndpoint(address: .unixSocket(path: dir + "/redis.sock"))
                }
            } catch {
                throw ValidationError("\(error)")
            }
            let loop = MultiThreadedEventLoopGroup.singleton.next()
            // One connection on one loop: the snapshot's MULTI/EXEC must not share it.
            let redis = RedisClient(endpoint: endpoint, eventLoopGroup: loop,
                                    configuration: .init(connectTimeout: .seconds(5), commandTimeout: .seconds(30)))
            do {
                let result = try await body(Inspector(redis: redis, loop: loop))
                await redis.close()
                return result
            } catch {
                await redis.close()
                throw error
            }
        }

        func printJSON(_ value: some Encodable) throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(value), as: UTF8.self))
        }
    }

    struct Queues: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List queues with their counts.")
        @OptionGroup var connection: Connection
        @Option(help: "Only this project's queues.") var project: String?

        func run() async throws {
            let queues = try await connection.withInspector { try await $0.queues(project: project) }
            if connection.json { return try connection.printJSON(queues) }
            print(InspectText.queues(queues))
        }
    }

    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one queue: its keys (type, size, TTL), counters, ready and in-flight messages in order, and claims.")
        @OptionGroup var connection: Connection
        @Argument(help: "Project id (\"\" for the global namespace).") var project: String
        @Argument(help: "Queue name.") var name: String

        func run() async throws {
            let ref = QueueRef(project: project.isEmpty ? nil : project, name: name)
            let report = try await connection.withInspector { try await $0.queue(ref) }
            if connection.json { return try connection.printJSON(report) }
            print(InspectText.queue(report))
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the data model's invariants; print each violation and exit 1 if there is any.")
        @OptionGroup var connection: Connection
        @Option(help: "Only this project's queues.") var project: String?
        @Option(help: "Only this queue (of --project, or of the global namespace).") var queue: String?

        func run() async throws {
            let report = try await connection.withInspector { try await $0.check(project: project, queue: queue) }
            if connection.json {
                try connection.printJSON(report)
            } else {
                for violation in report.violations { print(violation) }
                print("checked \(report.queuesChecked) queue(s): \(report.violations.count) violation(s)")
            }
            if !report.passed { throw ExitCode(1) }
        }
    }
}
