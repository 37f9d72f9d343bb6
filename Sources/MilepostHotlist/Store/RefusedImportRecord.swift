import Foundation

/// An import `milepost hotlist import` refused, left in `<hotlist directory>/refused-imports/`
/// for the running unit to audit (the importer runs beside the unit and cannot write its audit
/// log). The unit deletes a record once its audit entry is written.
public struct RefusedImportRecord: Codable, Hashable, Sendable {
    public var list: String
    /// SHA-256 of the file exactly as given.
    public var fileSHA256: String
    /// SHA-256 of the parsed list's canonical content, when it got that far.
    public var contentSHA256: String?
    public var sourceFile: String
    public var reason: String
    /// Epoch seconds.
    public var refusedAt: Int64

    public init(list: String, fileSHA256: String, contentSHA256: String?, sourceFile: String, reason: String, refusedAt: Int64) {
        self.list = list
        self.fileSHA256 = fileSHA256
        self.contentSHA256 = contentSHA256
        self.sourceFile = sourceFile
        self.reason = reason
        self.refusedAt = refusedAt
    }

    static let directory = "refused-imports"
    /// A reason longer than this is cut: the record is for the audit log, not a full report.
    static let maximumReasonLength = 2000
}
