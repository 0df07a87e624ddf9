import Foundation
import NIOCore
import NIOPosix

/// Runs a load test: creates fresh queues, runs producers, consumers and observers for the
/// producing phase, lets consumers drain, deletes the queues and returns the report.
public struct BenchRunner: Sendable {
    public let configuration: BenchConfiguration
    /// Print the progress line on stderr.
    public var showProgress = true

    public init(configuration: BenchConfiguration) {
        self.configuration = configuration
    }

    public func run() async throws -> BenchReport {
        let (config, notes) = configuration.capped()
        for note in notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, config.clientThreads))
        do {
            let report = try await run(config, group: group)
            try await group.shutdownGracefully()
            return report
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private func run(_ config: BenchConfiguration, group: EventLoopGroup) async throws -> BenchReport {
        let prefix = "bench-\(RandomID.hex(8))-"
        let queues = (1...max(1, config.queues)).map { prefix + String($0) }
        let recorder = Recorder(check: config.check, messages: config.messages)
        let setupClock = RunClock()
        let admin = KeepAliveClient(
            base: config.url, group: group, timeout: .nanoseconds(Int64(config.requestTimeout * 1e9)),
            project: config.project, clientID: RandomID.uuid())
        defer { admin.close() }
        for queue in queues {
            let outcome = await admin.send(.PUT, "/queues/\(queue)")
            await recorder.record(.setup, .createQueue, outcome)
            guard outcome.status == 201 || outcome.status == 204 else {
                throw BenchError.createQueueFailed(queue: queue, status: outcome.status)
            }
        }
        var setupSeconds = setupClock.seconds

        let clock = RunClock()
        let context = WorkerContext(configuration: config, queues: queues, recorder: recorder, group: group, clock: clock)
        let printer = ProgressPrinter(
            recorder: recorder, clock: clock,
            roles: [.producer, .consumer, .observer].filter { workers(config)[$0]! > 0 })
        let progress = showProgress ? Task { await printer.run() } : nil

        async let consumersDone: Void = Self.runWorkers(config.consumers) { await Consumer(index: $0, context: context).run() }
        async let observersDone: Void = Self.runWorkers(config.observers) { await Observer(index: $0, context: context).run() }
        await Self.runWorkers(config.producers) { await Producer(index: $0, context: context).run() }
        let producingSeconds = clock.seconds
        await recorder.setPhase(config.consumers > 0 ? .draining(until: producingSeconds + config.drainSeconds) : .stopped)
        await consumersDone
        let consumingSeconds = clock.seconds
        await recorder.setPhase(.stopped)
        await observersDone
        let end = clock.seconds
        progress?.cancel()
        if showProgress { printer.finish() }

        let checker = await recorder.checkerReport(at: end)
        if !config.keep {
            let teardown = RunClock()
            for queue in queues {
                await recorder.record(.setup, .deleteQueue, await admin.send(.DELETE, "/queues/\(queue)"))
            }
            setupSeconds += teardown.seconds
        }
        return BenchReport(
            configuration: config, queues: queues, producingSeconds: producingSeconds,
            drainSeconds: consumingSeconds - producingSeconds, statistics: await recorder.statistics(),
            workers: workers(config),
            seconds: [.setup: setupSeconds, .producer: producingSeconds, .consumer: consumingSeconds, .observer: end],
            checker: checker)
    }

    private func workers(_ config: BenchConfiguration) -> [Role: Int] {
        [.setup: 1, .producer: config.producers, .consumer: config.consumers, .observer: config.observers]
    }

    /// Runs `count` workers concurrently and waits for all of them.
    private static func runWorkers(_ count: Int, _ body: @escaping @Sendable (Int) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<max(0, count) {
                group.addTask { await body(index) }
            }
        }
    }
}
