import Dispatch
import Foundation
import NIOCore
import NIOPosix

/// The process entry point. Before any Swift Concurrency code runs, it makes SwiftNIO's event
/// loops the global executor: a request's task then stays on the event loop of its connection
/// and of that loop's Redis connection, instead of hopping between NIO threads and Swift's
/// cooperative pool on every await (measured: see docs/benchmarks.md).
@main
enum Entry {
    static func main() {
        NIOSingletons.groupLoopCountSuggestion = threadCount()
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        Task {
            await CloudQueuesCommand.main()
            exit(0)
        }
        // The main queue must keep turning: argument parsing runs on the main actor.
        dispatchMain()
    }

    /// `--threads N` or `CQ_THREADS`, read before argument parsing because the event loop
    /// group must be sized before it is first used; default: the number of cores.
    private static func threadCount() -> Int {
        let args = CommandLine.arguments
        if let i = args.firstIndex(of: "--threads"), i + 1 < args.count, let n = Int(args[i + 1]), n > 0 { return n }
        if let arg = args.first(where: { $0.hasPrefix("--threads=") }), let n = Int(arg.dropFirst(10)), n > 0 { return n }
        if let env = getenv("CQ_THREADS"), let n = Int(String(cString: env)), n > 0 { return n }
        return System.coreCount
    }
}
