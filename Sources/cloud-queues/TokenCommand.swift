import ArgumentParser
import Auth
import Foundation

/// `cloud-queues token`: manages the token file of `serve --auth tokens`.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage the token file of --auth tokens.",
        subcommands: [TokenAddCommand.self])
}

/// `cloud-queues token add`: makes a random token, prints it once on stdout and appends only its
/// SHA-256 to the file (created with mode 0600 if missing; replaced atomically, so a running
/// gateway never reads half a file).
struct TokenAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a token; print it once, store its hash.")

    @Option(help: "The token file.") var file: String
    @Option(help: "The project the token is for.") var project: String
    @Option(help: "Comma-separated roles: observer, creator, admin.") var roles: String
    @Option(help: "Expiry, ISO 8601 (2026-12-31 or 2026-12-31T23:59:59Z). Default: none.") var expires: String?

    func run() throws {
        guard !project.isEmpty, project.count <= TokenEntry.projectMaxLength else {
            throw ValidationError("--project must be 1 to \(TokenEntry.projectMaxLength) characters")
        }
        var parsedRoles: [Role] = []
        for name in roles.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let role = Role(rawValue: name) else { throw ValidationError("unknown role '\(name)' (observer, creator or admin)") }
            parsedRoles.append(role)
        }
        guard !parsedRoles.isEmpty else { throw ValidationError("--roles names at least one role") }
        var expiry: Date?
        if let expires {
            guard let date = TokenFile.parseDate(expires) else { throw ValidationError("--expires is not an ISO 8601 date: '\(expires)'") }
            expiry = date
        }

        var entries: [TokenEntry] = []
        if FileManager.default.fileExists(atPath: file) {
            do { entries = try TokenFile.load(path: file) } catch { throw ValidationError(error.description) }
        }
        let token = TokenGenerator.make()
        entries.append(TokenEntry(hash: TokenHash.digest(token), project: project, roles: parsedRoles, expires: expiry))

        let temporary = file + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(TokenFile.render(entries).utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("cannot write \(temporary)")
        }
        guard rename(temporary, file) == 0 else {
            unlink(temporary)
            throw ValidationError("cannot replace \(file): \(String(cString: strerror(errno)))")
        }
        print(token)
        FileHandle.standardError.write(Data("token for project \(project) (\(parsedRoles.map(\.rawValue).joined(separator: ","))) added to \(file); it is shown only this once\n".utf8))
    }
}
