import Foundation

/// One line of the token file: the SHA-256 of a token (never the token), its project, its
/// roles and an optional expiry.
public struct TokenEntry: Sendable, Equatable {
    /// SHA-256 of the token's UTF-8 bytes (32 bytes).
    public var hash: [UInt8]
    public var project: String
    public var roles: [Role]
    public var expires: Date?

    /// Longest project id (contract §5).
    public static let projectMaxLength = 256

    public init(hash: [UInt8], project: String, roles: [Role], expires: Date? = nil) {
        self.hash = hash
        self.project = project
        self.roles = roles
        self.expires = expires
    }

    /// The identity the entry grants at `now`, or nil once it has expired.
    public func identity(at now: Date) -> Identity? {
        if let expires, now >= expires { return nil }
        guard let role = roles.max() else { return nil }
        return Identity(project: project, role: role)
    }
}
