import ArgumentParser
import CloudQueuesAPI
import Logging

/// The web console's options (README "Configuration" and "Web console").
struct ConsoleOptions: ParsableArguments {
    @Option(name: .customLong("console"), help: "Serve the web console at /console: on or off. Env: CQ_CONSOLE. Default: on.")
    var consoleSwitch: String?

    @Option(help: "Folder of the web console's files. Env: CQ_CONSOLE_DIR. Default: found next to the binary or in the source tree.")
    var consoleDir: String?

    /// The flags given, for the config reader.
    var flags: [ServeSetting: ServeConfig.Value?] { [.console: .flag(consoleSwitch), .consoleDir: .flag(consoleDir)] }

    /// The console's files, or nil when it is off. An explicit folder must hold the console
    /// (start-up fails otherwise); when none is found by looking, the gateway runs without it.
    func files(config: ServeConfig, logger: Logger) throws -> ConsoleFiles? {
        let raw = (config.string(.console) ?? "on").lowercased()
        switch raw {
        case "on", "true", "yes", "1": break
        case "off", "false", "no", "0":
            logger.info("console off")
            return nil
        default: throw ValidationError("--console takes on or off, not '\(raw)'")
        }
        let explicit = config.string(.consoleDir)
        let files: ConsoleFiles?
        do { files = try ConsoleFiles.locate(explicit: explicit) } catch { throw ValidationError("\(error)") }
        if let files {
            logger.info("console on", metadata: ["console.dir": "\(files.directory)", "console.files": "\(files.count)"])
        } else {
            logger.warning("console files not found, /console is off; set CQ_CONSOLE_DIR")
        }
        return files
    }
}
