/// Who a valid token speaks for: one project, with the most permissive of the token's roles
/// (contract §10: "the more permissive role wins").
public struct Identity: Sendable, Equatable {
    public let project: String
    public let role: Role

    public init(project: String, role: Role) {
        self.project = project
        self.role = role
    }
}
