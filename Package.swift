// swift-tools-version:6.1
import PackageDescription

// Modules import in one direction only:
// CHiredis <- RedisClient <- QueueStore <- CloudQueuesAPI <- cloud-queues
// JSONText (JSON validation without object trees) is used by CloudQueuesAPI and by the
// executable (where a config file's JSON goes wrong).
// Auth (token hashes and signed-URL HMACs through swift-crypto, the token file and store, roles; no Redis or HTTP) is used by CloudQueuesAPI.
// QueueInspection (`cloud-queues inspect`: read a queue's keys, check the data model) uses
// QueueStore's key names and RedisClient; only the executable imports it.
// Lower modules record metrics through the swift-metrics API; only the executable bootstraps
// the Prometheus backend.
// LoadTest (the `bench` load generator and queue checker) is an HTTP client and uses none of them.
let package = Package(
    name: "cloud-queues",
    platforms: [.macOS(.v15)],  // swift-configuration needs macOS 15
    products: [
        .executable(name: "cloud-queues", targets: ["cloud-queues"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        // Already built for Hummingbird; named for NIOHTTPTypes (the connection guard's parts).
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // SHA-256 of tokens, SHA-1 of script names, HMAC-SHA256 of signed URLs: a maintained library.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        // `serve`'s layered settings (flags, environment, config file). Already built for
        // Hummingbird; no traits: the config file is parsed by our own code.
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: []),
    ],
    targets: [
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .target(
            name: "RedisClient",
            dependencies: [
                "CHiredis",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "QueueStore",
            dependencies: [
                "RedisClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .target(
            name: "QueueInspection",
            dependencies: ["QueueStore", "RedisClient"]
        ),
        .target(name: "JSONText"),
        .target(name: "Auth", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "CloudQueuesAPI",
            dependencies: [
                "QueueStore",
                "JSONText",
                "Auth",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .target(
            name: "LoadTest",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .executableTarget(
            name: "cloud-queues",
            dependencies: [
                "CloudQueuesAPI",
                "Auth",
                "JSONText",
                "QueueInspection",
                "LoadTest",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "RedisClientTests",
            dependencies: [
                "RedisClient",
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "QueueStoreTests", dependencies: ["QueueStore"]),
        .testTarget(name: "JSONTextTests", dependencies: ["JSONText"], exclude: ["python_json_vectors.py"]),
        .testTarget(name: "AuthTests", dependencies: ["Auth"]),
        .testTarget(name: "CloudQueuesAPITests", dependencies: ["CloudQueuesAPI"]),
        .testTarget(name: "LoadTestTests", dependencies: ["LoadTest"]),
        .testTarget(name: "QueueInspectionTests", dependencies: ["QueueInspection", "QueueStore", "RedisClient"]),
    ]
)
