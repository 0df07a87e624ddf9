import Foundation

/// The token file: JSON, `{"tokens": [{"sha256": "<64 hex>", "project": "acme",
/// "roles": ["creator"], "expires": "2026-12-31T00:00:00Z"}, ...]}` (`expires` optional).
/// It holds hashes only; `cloud-queues token add` writes it.
public enum TokenFile {
    /// Parses the file's text; every entry is checked, the first bad one is reported.
    public static func parse(_ data: Data) throws(TokenFileError) -> [TokenEntry] {
        let top: Any
        do { top = try JSONSerialization.jsonObject(with: data) } catch {
            throw TokenFileError("not valid JSON (\(error.localizedDescription))")
        }
        guard let object = top as? [String: Any], let list = object["tokens"] as? [Any] else {
            throw TokenFileError("expected an object with a \"tokens\" array")
        }
        var entries: [TokenEntry] = []
        for (index, item) in list.enumerated() {
            let at = "tokens[\(index)]"
            guard let fields = item as? [String: Any] else { throw TokenFileError("\(at) is not an object") }
            guard let hex = fields["sha256"] as? String, hex.utf8.count == 64, let hash = Hex.decode(hex) else {
                throw TokenFileError("\(at).sha256 must be 64 hex digits")
            }
            guard let project = fields["project"] as? String, !project.isEmpty,
                  project.count <= TokenEntry.projectMaxLength
            else {
                throw TokenFileError("\(at).project must be a non-empty string of at most \(TokenEntry.projectMaxLength) characters")
            }
            guard let roleNames = fields["roles"] as? [String], !roleNames.isEmpty else {
                throw TokenFileError("\(at).roles must be a non-empty array of role names")
            }
            var roles: [Role] = []
            for name in roleNames {
                guard let role = Role(rawValue: name) else {
                    throw TokenFileError("\(at).roles: unknown role '\(name)' (observer, creator or admin)")
                }
                roles.append(role)
            }
            var expires: Date?
            if let raw = fields["expires"], !(raw is NSNull) {
                guard let text = raw as? String, let date = parseDate(text) else {
                    throw TokenFileError("\(at).expires must be an ISO 8601 date or date-time")
                }
                expires = date
            }
            entries.append(TokenEntry(hash: hash, project: project, roles: roles, expires: expires))
        }
        return entries
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(TokenFileError) -> [TokenEntry] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TokenFileError("cannot read \(path): \(error.localizedDescription)")
        }
        do { return try parse(data) } catch { throw TokenFileError("\(path): \(error.message)") }
    }

    /// The file's text for `entries`, one entry per line.
    public static func render(_ entries: [TokenEntry]) -> String {
        var lines: [String] = []
        for entry in entries {
            var line = "{\"sha256\": \"\(Hex.encode(entry.hash))\", \"project\": \(jsonString(entry.project)), "
            line += "\"roles\": [" + entry.roles.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + "]"
            if let expires = entry.expires { line += ", \"expires\": \"\(formatDate(expires))\"" }
            lines.append("    " + line + "}")
        }
        return "{\"tokens\": [\n" + lines.joined(separator: ",\n") + (lines.isEmpty ? "" : "\n") + "]}\n"
    }

    /// Accepts `2026-12-31`, `2026-12-31T23:59:59Z`, with fractional seconds or a `+01:00` offset.
    public static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate],
        ] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    public static func formatDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    private static func jsonString(_ s: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }
}

/// The token file is missing, unreadable or malformed.
public struct TokenFileError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
