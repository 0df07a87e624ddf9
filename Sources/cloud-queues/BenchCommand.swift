import ArgumentParser
import Foundation
import LoadTest

/// `cloud-queues bench`: a load test with an optional correctness check. Producers post, consumers
/// claim and delete, observers page through the queues; the report gives throughput, latency
/// percentiles and errors per role and operation. With `--check` the command fails (exit 1) when a
/// message was lost, handed out by two live claims, or delivered without having been posted.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Load-test a gateway and check the queue semantics.")

    @Option(help: "Gateway base URL, with or without the version (/v1 or /v2, as --api).") var url = "http://127.0.0.1:8888"
    @Option(help: "Gateway the consumers claim and delete through (default: --url); another gateway than the producers' makes waiting claims wake across gateways.")
    var consumerUrl: String?
    @Option(help: "API version to drive: v1 or v2.") var api = "v1"
    @Option(help: "X-Project-Id of every request.") var project = "bench"
    @Option(help: "Number of fresh queues (bench-<random>-<n>).") var queues = 1
    @Option(help: "Producer workers.") var producers = 2
    @Option(help: "Consumer workers (claim, then delete each message).") var consumers = 2
    @Option(help: "Observer workers (page with echo=true).") var observers = 0
    @Option(help: "Seconds of producing.") var duration: Double = 10
    @Option(help: "Stop producing after this many messages (0 = no limit).") var messages = 0
    @Option(help: "Approximate size of each message body in bytes.") var bodyBytes = 200
    @Option(help: "Messages per POST.") var batch = 1
    @Option(help: "Messages per claim.") var claimLimit = 10
    @Option(help: "Claim ttl in seconds.") var claimTtl = 60
    @Option(help: "Claim grace in seconds.") var claimGrace = 60
    @Option(help: "Seconds a consumer's claim long-polls (wait=N; the gateway's wait_max limit, 20 by default, bounds it); 0 = answer at once.")
    var wait = 0
    @Option(help: "Message ttl in seconds.") var messageTtl = 300
    @Option(help: "Messages per observer page.") var pageLimit = 10
    @Option(help: "Limits profile whose maxima cap --batch, --claim-limit and --page-limit: rackspace (100) or zaqar (20).")
    var limits = "rackspace"
    @Flag(help: "Check for lost, doubly claimed and phantom messages; exit 1 if any.") var check = false
    @Option(help: "Write the report as JSON to this file.") var json: String?
    @Option(help: "Longest time in seconds consumers get to empty the queues after producing.") var drainSeconds: Double = 30
    @Flag(help: "Keep the queues at the end.") var keep = false
    @Option(help: "Seconds before a request counts as a transport error.") var requestTimeout: Double = 10
    @Option(help: "Client event loop threads.") var clientThreads = 1
    @Flag(help: "No progress line on stderr.") var quiet = false

    func validate() throws {
        guard LimitsProfile(rawValue: limits) != nil else { throw ValidationError("--limits is rackspace or zaqar") }
        guard APIDialect(rawValue: api) != nil else { throw ValidationError("--api is v1 or v2") }
        guard queues >= 1, producers >= 0, consumers >= 0, observers >= 0 else {
            throw ValidationError("--queues must be at least 1; worker counts must not be negative")
        }
        guard duration > 0, drainSeconds >= 0, requestTimeout > 0 else {
            throw ValidationError("--duration and --request-timeout must be positive, --drain-seconds not negative")
        }
        guard wait >= 0 else { throw ValidationError("--wait must not be negative") }
        guard batch >= 1, claimLimit >= 1, pageLimit >= 1, bodyBytes >= 0, messages >= 0, clientThreads >= 1 else {
            throw ValidationError("--batch, --claim-limit, --page-limit and --client-threads must be at least 1")
        }
    }

    func run() async throws {
        let dialect = APIDialect(rawValue: api)!
        var config: BenchConfiguration
        do {
            config = BenchConfiguration(url: try BaseURL(parsing: url, api: dialect), api: dialect)
            config.consumerURL = try consumerUrl.map { try BaseURL(parsing: $0, api: dialect) }
        } catch { throw ValidationError("\(error)") }
        config.project = project
        config.queues = queues
        config.producers = producers
        config.consumers = consumers
        config.observers = observers
        config.duration = duration
        config.messages = messages
        config.bodyBytes = bodyBytes
        config.batch = batch
        config.claimLimit = claimLimit
        config.claimTTL = claimTtl
        config.claimGrace = claimGrace
        config.wait = wait
        config.messageTTL = messageTtl
        config.pageLimit = pageLimit
        config.limits = LimitsProfile(rawValue: limits)!
        config.check = check
        config.drainSeconds = drainSeconds
        config.keep = keep
        config.requestTimeout = requestTimeout
        config.clientThreads = clientThreads

        var runner = BenchRunner(configuration: config)
        runner.showProgress = !quiet
        let report = try await runner.run()
        print(ReportFormatter.text(report))
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(report).write(to: URL(fileURLWithPath: json))
        }
        if !report.passed { throw ExitCode(1) }
    }
}
