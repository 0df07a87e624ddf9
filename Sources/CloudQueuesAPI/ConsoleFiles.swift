import Foundation
import NIOCore

/// The web console's static files (`console/` at the top of the repository), read into memory
/// once at start-up: they are small, and serving them then costs no disk access. Only regular
/// files under the folder become entries, so a request path can name nothing else (no
/// traversal by construction; `ConsoleResponder` also refuses `..` before looking).
public struct ConsoleFiles: Sendable {
    /// One file: its bytes, its media type and a strong validator for conditional GETs.
    struct File: Sendable {
        var bytes: ByteBuffer
        var contentType: String
        var etag: String
    }

    /// The folder the files were read from (logged at start-up).
    public let directory: String
    /// Relative path ("index.html", "js/app.js") to file.
    let files: [String: File]

    public var count: Int { files.count }

    /// Reads every regular, non-hidden file under `directory`; it must hold `index.html`.
    public init(directory: String) throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath()
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("index.html").path) else {
            throw ConsoleFilesError(message: "no index.html in console folder \(directory)")
        }
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { throw ConsoleFilesError(message: "cannot list console folder \(directory)") }
        var files: [String: File] = [:]
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.resolvingSymlinksInPath().path
            guard path.hasPrefix(prefix) else { continue }  // a symlink pointing out of the folder
            let relative = String(path.dropFirst(prefix.count))
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw ConsoleFilesError(message: "cannot read \(path): \(error)")
            }
            files[relative] = File(bytes: ByteBuffer(bytes: data), contentType: Self.contentType(of: relative),
                                   etag: Self.etag(of: data))
        }
        self.directory = root.path
        self.files = files
    }

    /// Finds the console folder: `explicit` (from `--console-dir` / `CQ_CONSOLE_DIR`) must
    /// hold the console, else start-up fails; otherwise `share/cloud-queues/console` or
    /// `console` next to the executable's folder, then the source tree this binary was built
    /// from. Nil when none of those exists (an install that did not copy the folder).
    public static func locate(explicit: String?) throws -> ConsoleFiles? {
        if let explicit, !explicit.isEmpty { return try ConsoleFiles(directory: explicit) }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let bin = exe.deletingLastPathComponent()
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            bin.appendingPathComponent("../share/cloud-queues/console").path,
            bin.appendingPathComponent("console").path,
            sourceRoot.appendingPathComponent("console").path,
        ]
        for dir in candidates where FileManager.default.fileExists(atPath: dir + "/index.html") {
            return try ConsoleFiles(directory: dir)
        }
        return nil
    }

    /// Media types of the files a console is made of; anything else is served as bytes.
    static func contentType(of path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "txt": return "text/plain; charset=utf-8"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }

    /// A strong entity tag: FNV-1a (64 bits) of the bytes, enough to tell versions apart.
    static func etag(of data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return "\"" + String(hash, radix: 16) + "-" + String(data.count, radix: 16) + "\""
    }
}

/// The console folder is missing something or cannot be read.
public struct ConsoleFilesError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
