import ArgumentParser
import Configuration
import Foundation

/// `serve`'s settings after precedence (README "Configuration"): a flag, else its environment
/// variable, else the config file's key. The precedence is the order of the config reader's
/// providers; defaults stay with the code that uses each setting.
struct ServeConfig: Sendable {
    /// Where a setting came from, highest precedence first: the raw value is the index of its
    /// provider in the config reader.
    enum Source: Int, CaseIterable, Sendable {
        case flag, env, file

        func precedes(_ other: Source) -> Bool { rawValue < other.rawValue }
    }

    /// A setting's value as given: text, or a list for the list setting.
    enum Value: Sendable, Equatable {
        case text(String)
        case list([String])

        /// A flag's value: its text, or nil when the flag is absent.
        static func flag<Flag: CustomStringConvertible>(_ value: Flag?) -> Value? {
            value.map { .text($0.description) }
        }

        var content: ConfigContent {
            switch self {
            case .text(let text): .string(text)
            case .list(let list): .stringArray(list)
            }
        }
    }

    /// A setting some source gave.
    struct Given: Sendable {
        var value: Value
        var source: Source
    }

    /// The config file, from `--config` or `CQ_CONFIG`.
    let file: String?
    let given: [ServeSetting: Given]

    /// Reads the config file (refusing it whole if it is bad) and resolves every setting.
    /// - Parameter flags: the flags on the command line, nil where a flag is absent.
    init(flags: [ServeSetting: Value?], configFile: String?,
         environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigFileError) {
        // An empty variable counts as unset, as it always did for the numeric ones.
        let environment = environment.filter { !$0.value.isEmpty }
        let file = configFile ?? environment["CQ_CONFIG"]
        let fileValues = try file.map(ConfigFile.read) ?? [:]
        let providers: [any ConfigProvider] = Source.allCases.map { source in
            switch source {
            case .flag: InMemoryProvider(name: "flags", values: Self.keyed(flags.compactMapValues { $0 }))
            case .env: EnvironmentVariablesProvider(environmentVariables: environment).mapKeys { key in
                    AbsoluteConfigKey(key.components.map { ServeSetting(rawValue: $0)?.environmentVariable ?? $0 })
                }
            case .file: InMemoryProvider(name: "file", values: Self.keyed(fileValues))
            }
        }
        let answers = ProviderRecorder()
        let reader = ConfigReader(providers: providers, accessReporter: answers)
        var given: [ServeSetting: Given] = [:]
        for setting in ServeSetting.allCases {
            let key = ConfigKey([setting.rawValue])
            let value: Value? = setting.isList
                ? reader.stringArray(forKey: key, isSecret: setting.isSecret).map { .list($0) }
                : reader.string(forKey: key, isSecret: setting.isSecret).map { .text($0) }
            if let value, let index = answers.provider(answering: AbsoluteConfigKey(key)), let source = Source(rawValue: index) {
                given[setting] = Given(value: value, source: source)
            }
        }
        self.file = file
        self.given = given
    }

    private static func keyed(_ values: [ServeSetting: Value]) -> [AbsoluteConfigKey: ConfigValue] {
        Dictionary(uniqueKeysWithValues: values.map { (AbsoluteConfigKey([$0.key.rawValue]), ConfigValue($0.value.content, isSecret: $0.key.isSecret)) })
    }

    func string(_ setting: ServeSetting) -> String? {
        guard case .text(let text) = given[setting]?.value else { return nil }
        return text
    }

    func strings(_ setting: ServeSetting) -> [String] {
        guard case .list(let list) = given[setting]?.value else { return [] }
        return list
    }

    func int(_ setting: ServeSetting) throws(ValidationError) -> Int? {
        guard let text = string(setting) else { return nil }
        guard let value = Int(text) else { throw ValidationError("\(origin(of: setting)) must be an integer, not '\(text)'") }
        return value
    }

    func int(_ setting: ServeSetting, default fallback: Int, minimum: Int) throws(ValidationError) -> Int {
        let value = try int(setting) ?? fallback
        guard value >= minimum else { throw ValidationError("\(origin(of: setting)) must be at least \(minimum), not \(value)") }
        return value
    }

    /// How a message names where a setting came from: its variable, its key in the file, or its flag.
    func origin(of setting: ServeSetting) -> String {
        switch given[setting]?.source {
        case .env: setting.environmentVariable
        case .file: "'\(setting.rawValue)' in \(file ?? "the config file")"
        case .flag, nil: "--" + setting.rawValue
        }
    }
}
