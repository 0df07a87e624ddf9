import Foundation

/// The valid tokens, looked up by the SHA-256 of the presented token. Replaced as a whole on
/// reload; lookups from every event loop share it behind a lock held only to copy a reference.
///
/// Entries are indexed by the first 8 bytes of their hash, then the full 32-byte hashes are
/// compared in constant time. The index lookup's timing depends only on the hash of what the
/// caller sent, which tells an attacker nothing about any valid token (finding a token from a
/// hash prefix would take a SHA-256 preimage).
public final class TokenStore: @unchecked Sendable {
    private let lock = NSLock()
    private var table: Table

    /// The file the store was loaded from (nil for a store built from entries).
    public let path: String?
    private var fingerprint: FileFingerprint?

    public init(entries: [TokenEntry]) {
        table = Table(entries)
        path = nil
    }

    /// Loads `path`; throws if it is missing or malformed (the server does not start then).
    public init(path: String) throws(TokenFileError) {
        self.path = path
        fingerprint = FileFingerprint(path: path)
        table = Table(try TokenFile.load(path: path))
    }

    /// The number of entries.
    public var count: Int { lock.withLock { table.count } }

    /// The identity of `token`, or nil if no unexpired entry has its hash.
    public func authenticate(_ token: String, now: Date = Date()) -> Identity? {
        let hash = TokenHash.digest(token)
        let current = lock.withLock { table }
        return current.lookup(hash, now: now)
    }

    /// Reads the file again. On failure the current entries stay in force and the error is thrown.
    @discardableResult
    public func reload() throws(TokenFileError) -> Int {
        guard let path else { return count }
        let stamp = FileFingerprint(path: path)
        let entries = try TokenFile.load(path: path)
        let fresh = Table(entries)
        lock.withLock {
            table = fresh
            fingerprint = stamp
        }
        return entries.count
    }

    /// Reloads if the file's modification time, size or inode changed since the last load.
    /// Returns the new entry count, or nil when nothing changed.
    public func reloadIfChanged() throws(TokenFileError) -> Int? {
        guard let path else { return nil }
        let stamp = FileFingerprint(path: path)
        let previous = lock.withLock { fingerprint }
        guard stamp != previous else { return nil }
        do {
            return try reload()
        } catch {
            // Remember the broken version so it is reported once, not every poll.
            lock.withLock { fingerprint = stamp }
            throw error
        }
    }

    private struct Table {
        var byPrefix: [UInt64: [TokenEntry]] = [:]
        var count = 0

        init(_ entries: [TokenEntry]) {
            for entry in entries where entry.hash.count == 32 {
                byPrefix[Self.prefix(entry.hash), default: []].append(entry)
                count += 1
            }
        }

        func lookup(_ hash: [UInt8], now: Date) -> Identity? {
            guard let candidates = byPrefix[Self.prefix(hash)] else { return nil }
            var found: Identity?
            for entry in candidates where ConstantTime.equal(entry.hash, hash) {
                if let identity = entry.identity(at: now), found == nil || identity.role > found!.role { found = identity }
            }
            return found
        }

        static func prefix(_ hash: [UInt8]) -> UInt64 {
            var value: UInt64 = 0
            for i in 0..<8 { value = value << 8 | UInt64(hash[i]) }
            return value
        }
    }
}

/// What tells a changed file from an unchanged one without reading it.
struct FileFingerprint: Equatable {
    var modified: Date?
    var size: UInt64?
    var inode: UInt64?

    init?(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        modified = attributes[.modificationDate] as? Date
        size = (attributes[.size] as? NSNumber)?.uint64Value
        inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
    }
}
