import NIOCore

extension RedisClient {
    /// Sends `ASKING` and the command in one write on one connection (after an `ASK` redirect:
    /// the importing node then serves that one command for the migrating slot).
    func sendAsking(_ command: RedisCommand, on eventLoop: (any EventLoop)?) async throws -> RESPValue {
        let connection = try await slot(for: eventLoop).connection().get()
        let replies = connection.send(batch: [RedisCommand("ASKING"), command])
        _ = try await replies[0].get()
        return try await replies[1].get()
    }

    /// `run` after an `ASK` redirect: `ASKING` + EVALSHA, and on `NOSCRIPT` the script is loaded
    /// on that node and the pair sent once more.
    func runAsking(
        _ script: RedisScript, keys: [String], arguments: [RedisArgument], on eventLoop: (any EventLoop)?
    ) async throws -> RESPValue {
        let evalsha = RedisCommand.evalsha(script, keys: keys, arguments: arguments)
        do {
            return try await sendAsking(evalsha, on: eventLoop)
        } catch RedisError.server(let message) where message.hasPrefix("NOSCRIPT") {
            _ = try await send(RedisCommand("SCRIPT", ["LOAD", .string(script.source)]), on: eventLoop)
            return try await sendAsking(evalsha, on: eventLoop)
        }
    }
}

extension RedisCommand {
    /// `EVALSHA sha numkeys keys... args...`
    static func evalsha(_ script: RedisScript, keys: [String], arguments: [RedisArgument]) -> RedisCommand {
        var args: [RedisArgument] = [.string(script.sha1), .int(keys.count)]
        args.reserveCapacity(2 + keys.count + arguments.count)
        for key in keys { args.append(.string(key)) }
        args += arguments
        return RedisCommand("EVALSHA", args)
    }
}
