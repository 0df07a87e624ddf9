import Foundation

/// Hides passwords in settings before they are logged or printed.
enum Redaction {
    static let mask = "***"

    /// `text` (one Redis URL or a comma-separated list of them) with each password masked: the one
    /// before `@` in `redis://[user:]password@host` and the `password=` of `unix:///path?password=P`.
    static func passwords(inURLs text: String) -> String {
        text.split(separator: ",", omittingEmptySubsequences: false).map { maskPassword(in: String($0)) }.joined(separator: ",")
    }

    private static func maskPassword(in url: String) -> String {
        var url = url
        if let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].lastIndex(of: "@") {
            let credentials = url[scheme.upperBound..<at]
            let password = credentials.firstIndex(of: ":").map { url.index(after: $0) } ?? credentials.startIndex
            url.replaceSubrange(password..<at, with: mask)
        }
        guard let query = url.firstIndex(of: "?") else { return url }
        let pairs = url[url.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false).map { pair in
            pair.hasPrefix("password=") ? "password=" + mask : String(pair)
        }
        return String(url[...query]) + pairs.joined(separator: "&")
    }
}
