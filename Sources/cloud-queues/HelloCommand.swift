import ArgumentParser
import Hummingbird
import NIOCore
import NIOPosix

/// `cloud-queues hello`: a hello-world server on the same framework, event loops and settings
/// as `serve`, answering every request with a small JSON body. It is the baseline that
/// benchmarks compare the gateway with.
struct HelloCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hello", abstract: "Run a hello-world HTTP server (benchmark baseline).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8899
    @Option(help: "Event loop threads (default: number of cores).") var threads: Int?

    func run() async throws {
        let group = MultiThreadedEventLoopGroup.singleton // sized by Entry (--threads)
        let body = ByteBuffer(string: "{\"hello\":\"world\"}")
        let responder = CallbackResponder<BasicRequestContext> { _, _ in
            Response(status: .created, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
        }
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: "cloud-queues"),
            eventLoopGroupProvider: .shared(group))
        try await app.runService()
    }
}
