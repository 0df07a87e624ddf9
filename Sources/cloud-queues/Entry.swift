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

    /// The `threads` setting (`--threads N`, `CQ_THREADS` or the config file's key), read before
    /// argument parsing because the event loop group must be sized before it is first used;
    /// default: the number of cores. A bad setting is left for the command to report.
    private static func threadCount() -> Int {
        let flags: [ServeSetting: ServeConfig.Value?] = [.threads: .flag(flagValue("--threads"))]
        let config = try? ServeConfig(flags: flags, configFile: flagValue("--config"))
        if let n = try? config?.int(.threads), n > 0 { return n }
        return System.coreCount
    }

    /// The value of `--name VALUE` or `--name=VALUE` on the command line.
    private static func flagValue(_ name: String) -> String? {
        let args = CommandLine.arguments
        if let i = args.firstIndex(of: name), i + 1 < args.count { return args[i + 1] }
        return args.first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
    }
}
