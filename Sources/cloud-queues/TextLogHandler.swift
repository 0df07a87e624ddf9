import Logging

/// `--log-format text`: one readable line per event for a terminal,
/// `2025-01-31T12:34:56.789Z info cloud-queues: request http.status=201 request.id=ab12`.
/// Values with spaces, quotes or `=` are quoted.
struct TextLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line: [UInt8] = []
        line.reserveCapacity(256)
        LogOutput.timestamp(into: &line)
        line.append(UInt8(ascii: " "))
        line += event.level.rawValue.utf8
        line.append(UInt8(ascii: " "))
        line += label.utf8
        line += ": ".utf8
        line += event.message.description.utf8
        for (key, value) in LogOutput.merged(metadata, metadataProvider, event.metadata) {
            line.append(UInt8(ascii: " "))
            line += key.utf8
            line.append(UInt8(ascii: "="))
            Self.append(value.description, to: &line)
        }
        line.append(UInt8(ascii: "\n"))
        LogOutput.write(line)
    }

    private static func append(_ text: String, to line: inout [UInt8]) {
        let needsQuotes = text.isEmpty || text.utf8.contains { $0 <= 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=") || $0 == 0x7F }
        guard needsQuotes else { line += text.utf8; return }
        JSONLogHandler.appendString(text, to: &line)
    }
}
