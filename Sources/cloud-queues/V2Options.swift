import ArgumentParser

/// Options of the v1.1/v2 API (README "Configuration"): Zaqar's message checksums and the secret
/// of pre-signed URLs. As everywhere: flag, then `CQ_*` variable, then config file, then default.
struct V2Options: ParsableArguments {
    @Option(name: .customLong("message-checksums"), help: "Add Zaqar's \"checksum\" (MD5 of the body) to v2 messages: on or off. Env: CQ_MESSAGE_CHECKSUMS. Default: off.")
    var messageChecksums: String?

    @Option(help: "Secret of v2 pre-signed URLs (POST /v2/queues/{q}/share); unset: sharing is off (404). Env: CQ_SHARE_SECRET.")
    var shareSecret: String?

    /// The flags given, for the config reader.
    var flags: [ServeSetting: ServeConfig.Value?] { [.messageChecksums: .flag(messageChecksums), .shareSecret: .flag(shareSecret)] }

    func checksums(config: ServeConfig) throws -> Bool {
        switch (config.string(.messageChecksums) ?? "off").lowercased() {
        case "on": return true
        case "off": return false
        case let other: throw ValidationError("\(config.origin(of: .messageChecksums)) takes on or off, not '\(other)'")
        }
    }

    func secret(config: ServeConfig) -> String? {
        let secret = config.string(.shareSecret) ?? ""
        return secret.isEmpty ? nil : secret
    }
}
