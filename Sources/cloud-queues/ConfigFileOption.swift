import ArgumentParser

/// `--config FILE`, for `serve` and the commands that share its settings (`reindex`, `inspect`,
/// `scripts`): a JSON object of settings under the flags and the `CQ_*` variables.
struct ConfigFileOption: ParsableArguments {
    @Option(name: .customLong("config"), help: "JSON file of settings, keys named as the flags without dashes (\"redis-url\": \"redis://...\"); flags and CQ_* variables win over it. Env: CQ_CONFIG.")
    var path: String?

    /// The settings: `flags` over the environment over the file.
    func settings(flags: [ServeSetting: ServeConfig.Value?]) throws(ConfigFileError) -> ServeConfig {
        try ServeConfig(flags: flags, configFile: path)
    }
}
