import ArgumentParser

/// `cloud-queues`: the gateway and its tools.
struct CloudQueuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cloud-queues",
        abstract: "A Rackspace Cloud Queues v1 (OpenStack Zaqar v1) server on Redis.",
        subcommands: [ServeCommand.self, ScriptsCommand.self, HelloCommand.self, BenchCommand.self, TokenCommand.self, InspectCommand.self, ReindexCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
