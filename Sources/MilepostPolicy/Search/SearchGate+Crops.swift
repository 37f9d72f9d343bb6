import MilepostCore

extension SearchGate {
    /// Allows fetching the plate crop of one stored read under the approval of the search that
    /// returned it: the read's unit, plate and capture time must lie inside the approval's
    /// scope exactly as a search's would, for the approval's requester and case. It counts no
    /// use (the search that found the read did). Audited as `search.crop`, allowed or denied;
    /// the audit write must succeed for the crop to be returned.
    public func authorizeCrop(of read: String, unit: UnitID, plate: PlatePattern, capturedAt: UTCTime, approvalToken: String,
                              requester: AuditActor, source: String, statedCaseNumber: String, statedPurpose: String? = nil) throws -> Permit {
        let query = SearchQuery(plate: plate, from: capturedAt, to: capturedAt)
        var approval: SearchApproval?
        do {
            let (permit, checked) = try check(query, approvalToken: approvalToken, requester: requester, source: source,
                                              stated: (statedCaseNumber, statedPurpose), countsUse: false, approval: &approval)
            guard permit.units.contains(unit) else {
                throw PolicyError(.unitNotCovered, "search approval \(checked.id) covers units \(permit.units.map(\.rawValue).joined(separator: ", ")), not \(unit)")
            }
            try audit.record(AuditEvent(type: "search.crop", actor: requester, source: source, object: read, purpose: checked.purpose,
                                        caseNumber: checked.caseNumber, approvalID: checked.id, outcome: .allowed(resultCount: 1)))
            return permit
        } catch let error as PolicyError {
            _ = try? audit.record(AuditEvent(type: "search.crop", actor: requester, source: source, object: read, purpose: approval?.purpose,
                                             caseNumber: approval?.caseNumber, approvalID: approval?.id, outcome: .denied(reason: error.message)))
            throw error
        }
    }
}
