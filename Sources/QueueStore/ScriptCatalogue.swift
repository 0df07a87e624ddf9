import Foundation
import RedisClient

/// The Lua scripts of `lua/`, one per API operation, assembled the way `lua/README.md` says:
/// the script's first line (its `#!lua` shebang), then `lib/prelude.lua`, then the rest.
public struct ScriptCatalogue: Sendable {
    /// Every script the store calls.
    public enum Name: String, CaseIterable, Sendable {
        case queueCreate = "queue_create"
        case queueExists = "queue_exists"
        case queueDelete = "queue_delete"
        case queueList = "queue_list"
        case queueListMetadata = "queue_list_metadata"
        case metadataGet = "metadata_get"
        case metadataSet = "metadata_set"
        case queueStats = "queue_stats"
        case messagePost = "message_post"
        case messageList = "message_list"
        case messageGetMany = "message_get_many"
        case messageDeleteMany = "message_delete_many"
        case messageGet = "message_get"
        case messageDelete = "message_delete"
        case claimCreate = "claim_create"
        case claimGet = "claim_get"
        case claimUpdate = "claim_update"
        case claimDelete = "claim_delete"
        case messagePop = "message_pop"
        case queuePurge = "queue_purge"
        case deadLetterTake = "dead_letter_take"
        case deadLetterDeliver = "dead_letter_deliver"
        case deadLetterAck = "dead_letter_ack"
        case subscriptionCreate = "subscription_create"
        case subscriptionList = "subscription_list"
        case subscriptionGet = "subscription_get"
        case subscriptionUpdate = "subscription_update"
        case subscriptionDelete = "subscription_delete"
        case subscriptionConfirm = "subscription_confirm"
        case subscriptionPurge = "subscription_purge"
        case queueSweep = "queue_sweep"
        case queueWakeHint = "queue_wake_hint"
        case rateLimit = "rate_limit"
    }

    public let directory: String
    private let scripts: [Name: RedisScript]

    public subscript(name: Name) -> RedisScript { scripts[name]! }
    public var all: [RedisScript] { Name.allCases.map { self[$0] } }

    /// Reads and assembles every script from `directory`.
    public init(directory: String) throws {
        self.directory = directory
        let prelude = try Self.read(directory + "/lib/prelude.lua")
        var scripts: [Name: RedisScript] = [:]
        for name in Name.allCases {
            let text = try Self.read(directory + "/" + name.rawValue + ".lua")
            scripts[name] = RedisScript(name: name.rawValue, source: Self.assemble(text, prelude: prelude))
        }
        self.scripts = scripts
    }

    /// Finds `lua/`: the given folder, `$CQ_LUA_DIR`, `share/cloud-queues/lua` or `lua` next to
    /// the executable's folder, then the source tree this binary was built from.
    public static func locate(_ explicit: String? = nil) throws -> ScriptCatalogue {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let env = ProcessInfo.processInfo.environment["CQ_LUA_DIR"] { candidates.append(env) }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let bin = exe.deletingLastPathComponent()
        candidates.append(bin.appendingPathComponent("../share/cloud-queues/lua").path)
        candidates.append(bin.appendingPathComponent("lua").path)
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(sourceRoot.appendingPathComponent("lua").path)
        for dir in candidates where FileManager.default.fileExists(atPath: dir + "/lib/prelude.lua") {
            return try ScriptCatalogue(directory: dir)
        }
        throw ScriptCatalogueError(message: "no lua/ folder found (looked in \(candidates.joined(separator: ", "))); set CQ_LUA_DIR")
    }

    static func assemble(_ script: String, prelude: String) -> String {
        guard let newline = script.firstIndex(of: "\n") else { return script + "\n" + prelude }
        return String(script[..<newline]) + "\n" + prelude + "\n" + String(script[script.index(after: newline)...])
    }

    private static func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScriptCatalogueError(message: "cannot read \(path): \(error)")
        }
    }
}

/// The scripts could not be found or read.
public struct ScriptCatalogueError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
