import ArgumentParser
import CloudQueuesAPI
import Foundation
import Logging
import Metrics
import NIOCore
import Prometheus
import RedisClient

/// `serve` options for logs, metrics and the OpenAPI document (README "Operability").
struct OperabilityOptions: ParsableArguments {
    @Option(help: "Log format: text (for a terminal) or json (one object per line). Env: CQ_LOG_FORMAT. Default: text.")
    var logFormat: String?

    @Option(help: "The OpenAPI document served at /openapi.yaml. Env: CQ_OPENAPI_FILE. Default: found next to the binary or in the source tree.")
    var openapiFile: String?

    /// The flags given, for the config reader.
    var flags: [ServeSetting: ServeConfig.Value?] { [.logFormat: .flag(logFormat), .openapiFile: .flag(openapiFile)] }

    /// Installs the log handler of `--log-format` and the Prometheus metrics backend. Call once,
    /// before any logger or metric is made (objects made earlier keep the defaults).
    func bootstrap(config: ServeConfig) throws -> PrometheusCollectorRegistry {
        let format = config.string(.logFormat) ?? "text"
        switch format {
        case "text": LoggingSystem.bootstrap { label in TextLogHandler(label: label) }
        case "json": LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        default: throw ValidationError("unknown log format '\(format)' (text or json)")
        }
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Requests and scripts take well under a millisecond: buckets from 100 µs to 5 s.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }

    /// The `/metrics` renderer: refreshes the pool gauges, then emits the registry.
    static func metricsRenderer(registry: PrometheusCollectorRegistry, redis: any RedisExecutor) -> @Sendable () async -> ByteBuffer {
        let connections = Gauge(label: "cq_redis_connections")
        let slots = Gauge(label: "cq_redis_connection_slots")
        let inFlight = Gauge(label: "cq_redis_commands_in_flight")
        return {
            let pool = await redis.poolStatus()
            connections.record(pool.connected)
            slots.record(pool.slots)
            inFlight.record(pool.inFlight)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(16 * 1024)
            registry.emit(into: &bytes)
            return ByteBuffer(bytes: bytes)
        }
    }

    /// The OpenAPI document: the `openapi-file` setting, `share/cloud-queues/openapi.yaml`
    /// or `openapi.yaml` next to the executable's folder, then the source tree's `openapi/openapi.yaml`.
    /// Nil (and `/openapi.yaml` answers 404) when none is found.
    func openAPIDocument(config: ServeConfig, logger: Logger) -> ByteBuffer? {
        var candidates: [String] = []
        if let explicit = config.string(.openapiFile) { candidates.append(explicit) }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let bin = exe.deletingLastPathComponent()
        candidates.append(bin.appendingPathComponent("../share/cloud-queues/openapi.yaml").path)
        candidates.append(bin.appendingPathComponent("openapi.yaml").path)
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(sourceRoot.appendingPathComponent("openapi/openapi.yaml").path)
        for path in candidates {
            if let data = FileManager.default.contents(atPath: path) {
                logger.debug("openapi document found", metadata: ["openapi.file": "\(path)"])
                return ByteBuffer(bytes: data)
            }
        }
        logger.warning("no openapi document found, /openapi.yaml answers 404", metadata: ["openapi.candidates": "\(candidates)"])
        return nil
    }
}
