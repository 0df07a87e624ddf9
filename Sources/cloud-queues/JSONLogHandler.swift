import Logging

/// `--log-format json`: one JSON object per line for log shippers:
/// `{"ts":"...","level":"info","logger":"cloud-queues","msg":"request","http.status":"201",...}`.
/// Metadata keys are members as they are (dotted); values are strings, or arrays and objects
/// for list and dictionary metadata.
struct JSONLogHandler: LogHandler {
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
        line.reserveCapacity(320)
        line += "{\"ts\":\"".utf8
        LogOutput.timestamp(into: &line)
        line += "\",\"level\":\"".utf8
        line += event.level.rawValue.utf8
        line += "\",\"logger\":".utf8
        Self.appendString(label, to: &line)
        line += ",\"msg\":".utf8
        Self.appendString(event.message.description, to: &line)
        for (key, value) in LogOutput.merged(metadata, metadataProvider, event.metadata)
        where !["ts", "level", "logger", "msg"].contains(key) {
            line.append(UInt8(ascii: ","))
            Self.appendString(key, to: &line)
            line.append(UInt8(ascii: ":"))
            Self.append(value, to: &line)
        }
        line += "}\n".utf8
        LogOutput.write(line)
    }

    private static func append(_ value: Logger.MetadataValue, to line: inout [UInt8]) {
        switch value {
        case .string(let s): appendString(s, to: &line)
        case .stringConvertible(let c): appendString(c.description, to: &line)
        case .array(let values):
            line.append(UInt8(ascii: "["))
            for (i, v) in values.enumerated() {
                if i > 0 { line.append(UInt8(ascii: ",")) }
                append(v, to: &line)
            }
            line.append(UInt8(ascii: "]"))
        case .dictionary(let members):
            line.append(UInt8(ascii: "{"))
            for (i, (k, v)) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { line.append(UInt8(ascii: ",")) }
                appendString(k, to: &line)
                line.append(UInt8(ascii: ":"))
                append(v, to: &line)
            }
            line.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped; other UTF-8 as is.
    static func appendString(_ s: String, to line: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        line.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): line += "\\\"".utf8
            case UInt8(ascii: "\\"): line += "\\\\".utf8
            case UInt8(ascii: "\n"): line += "\\n".utf8
            case UInt8(ascii: "\r"): line += "\\r".utf8
            case UInt8(ascii: "\t"): line += "\\t".utf8
            case 0..<0x20, 0x7F:
                line += "\\u00".utf8
                line.append(hex[Int(byte >> 4)])
                line.append(hex[Int(byte & 0xF)])
            default: line.append(byte)
            }
        }
        line.append(UInt8(ascii: "\""))
    }
}
