import ArgumentParser
import QueueStore

/// `cloud-queues scripts`: prints each assembled script's SHA-1 and name, or one script's
/// source (for `redis-cli SCRIPT LOAD` and `redis-benchmark EVALSHA`).
struct ScriptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scripts", abstract: "List or print the assembled Lua scripts.")

    @OptionGroup var configFile: ConfigFileOption

    @Option(help: "Folder of the Lua scripts (default: as for serve).")
    var luaDir: String?

    @Argument(help: "A script name: print its assembled source.")
    var name: String?

    func run() throws {
        let catalogue = try ScriptCatalogue.locate(configFile.settings(flags: [.luaDir: .flag(luaDir)]).string(.luaDir))
        if let name {
            guard let script = catalogue.all.first(where: { $0.name == name }) else {
                throw ValidationError("no script named \(name)")
            }
            print(script.source)
        } else {
            for script in catalogue.all { print(script.sha1, script.name) }
        }
    }
}
