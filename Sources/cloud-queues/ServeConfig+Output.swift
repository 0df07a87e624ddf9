import Foundation
import Logging

/// The settings shown to a person, with passwords masked: the `settings` line at
/// `--log-level debug` and the JSON of `--print-config`.
extension ServeConfig {
    /// Each setting given by a flag, a variable or the file, as `value (source)`.
    var logMetadata: Logger.Metadata {
        var metadata: Logger.Metadata = [:]
        for (setting, given) in self.given {
            metadata[setting.rawValue] = "\(Self.shown(given, of: setting)) (\(given.source))"
        }
        if let file { metadata["config.file"] = "\(file)" }
        return metadata
    }

    /// Every setting with its source ("default" when none gave it) and, if given, its value.
    func printed() throws -> String {
        var settings: [String: PrintedSetting] = [:]
        for setting in ServeSetting.allCases {
            let given = self.given[setting]
            settings[setting.rawValue] = PrintedSetting(
                source: given.map { "\($0.source)" } ?? "default", value: given.map { Self.shown($0, of: setting) })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(PrintedConfig(file: file, settings: settings)), as: UTF8.self)
    }

    /// A value as text (a list as its variable takes it, comma-separated), secrets masked.
    private static func shown(_ given: Given, of setting: ServeSetting) -> String {
        switch given.value {
        case .text(let text): setting.shown(text)
        case .list(let list): list.map(setting.shown).joined(separator: ",")
        }
    }
}

private struct PrintedConfig: Encodable {
    var file: String?
    var settings: [String: PrintedSetting]
}

private struct PrintedSetting: Encodable {
    var source: String
    var value: String?
}
