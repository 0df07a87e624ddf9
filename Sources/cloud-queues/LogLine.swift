import Foundation
import Logging

/// Writes finished log lines to standard error with one `write(2)` each, so lines of
/// concurrent requests never interleave and nothing sits in a stdio buffer.
enum LogOutput {
    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(2, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { if errno == EINTR { continue } else { return } }
                offset += n
            }
        }
    }

    /// UTC time with milliseconds, `2025-01-31T12:34:56.789Z`, without a date formatter.
    static func timestamp(into out: inout [UInt8]) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = time_t(now.tv_sec)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var v = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8((v / divisor) % 10))
                v %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4); out.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2); out.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2); out.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2); out.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2); out.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2); out.append(UInt8(ascii: "."))
        digits(Int(now.tv_nsec) / 1_000_000, 3); out.append(UInt8(ascii: "Z"))
    }

    /// The handler's metadata, then the provider's, then the call's (later wins), sorted by key
    /// so lines are stable to read and to grep.
    static func merged(
        _ base: Logger.Metadata, _ provider: Logger.MetadataProvider?, _ call: Logger.Metadata?
    ) -> [(String, Logger.MetadataValue)] {
        var all = base
        if let provided = provider?.get(), !provided.isEmpty { all.merge(provided) { $1 } }
        if let call, !call.isEmpty { all.merge(call) { $1 } }
        return all.sorted { $0.key < $1.key }
    }
}
