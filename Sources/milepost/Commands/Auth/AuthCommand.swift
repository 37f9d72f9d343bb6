import ArgumentParser

/// `milepost auth ...`: sign, check, revoke and install policy documents.
struct AuthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth",
        abstract: "Sign, verify, revoke and install targeting authorizations, search approvals and delegations.",
        subcommands: [
            AuthIssueCommand.self, AuthDelegateCommand.self, AuthApproveSearchCommand.self, AuthApproveHotlistCommand.self, AuthVerifyCommand.self,
            AuthExpireCommand.self, AuthInstallCommand.self, AuthStatusCommand.self,
        ]
    )
}
