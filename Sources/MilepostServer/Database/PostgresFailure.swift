import PostgresNIO

/// Readable text for a PostgreSQL failure. `PSQLError`'s own description hides everything (so
/// that it cannot leak data into logs); this names the server's message and SQLSTATE, or the
/// connection problem, and never a query's bound values.
public enum PostgresFailure {
    public static func describe(_ error: any Error) -> String {
        if let transaction = error as? PostgresTransactionError {
            if let inner = transaction.beginError ?? transaction.closureError ?? transaction.commitError { return describe(inner) }
        }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let server = error.serverInfo {
            let message = server[.message] ?? "error"
            let state = server[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let detail = server[.detail].map { ": \($0)" } ?? ""
            return message + detail + state
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    /// The connection broke or never came up (as opposed to the server refusing a statement):
    /// worth one more try on a fresh connection.
    public static func isConnectionLoss(_ error: any Error) -> Bool {
        if let transaction = error as? PostgresTransactionError {
            return [transaction.beginError, transaction.closureError, transaction.commitError].contains { $0.map(isConnectionLoss) ?? false }
        }
        guard let error = error as? PSQLError else { return false }
        return [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown].contains(error.code)
    }

    /// The SQLSTATE of a statement the server refused.
    public static func sqlState(_ error: any Error) -> String? {
        if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError ?? transaction.commitError {
            return sqlState(inner)
        }
        return (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
