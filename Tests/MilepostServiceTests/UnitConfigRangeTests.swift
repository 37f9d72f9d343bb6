import Foundation
import Testing
@testable import MilepostService

/// Every number of unit.json has a range, and a number outside it is refused by name.
@Suite struct UnitConfigRangeTests {
    static func withField(_ field: String, _ value: String) throws -> URL {
        let text = UnitConfigTests.valid.replacingOccurrences(of: #""\#(field)":[0-9]+"#, with: "\"\(field)\":\(value)",
                                                              options: .regularExpression)
        return text == UnitConfigTests.valid ? try UnitConfigTests.writeValid(adding: "\"\(field)\":\(value)") : try UnitConfigTests.write(text)
    }

    @Test(arguments: [
        ("storeCapacityBytes", "288230376151711744", "4194304...68719476736"),  // 2^58, which trapped the store
        ("storeCapacityBytes", "2097152", "4194304...68719476736"),  // too small for one largest read per segment
        ("retentionDays", "0", "1...365"),
        ("retentionDays", "400", "1...365"),
        ("httpPort", "0", "1...65535"),
        ("httpPort", "65536", "1...65535"),
        ("minimumConfidence", "1001", "0...1000"),
        ("auditCheckpointIntervalSeconds", "5", "10...86400"),
        ("auditSealEveryEntries", "8", "16...4096"),
        ("auditSealEveryEntries", "5000", "16...4096"),
        ("plateFormatWeight", "101", "1...100"),
    ])
    func aNumberOutsideItsRangeIsRefusedByName(field: String, value: String, range: String) throws {
        let url = try Self.withField(field, value)
        let error = #expect(throws: UnitConfigError.self) { try UnitConfig.load(from: url) }
        #expect(error.map { "\($0)" } == "\(url.path): \(field) = \(value) is out of range \(range)")
    }

    @Test(arguments: [("storeCapacityBytes", "4194304"), ("storeCapacityBytes", "68719476736"), ("retentionDays", "365"),
                      ("httpPort", "65535"), ("minimumConfidence", "0"), ("auditCheckpointIntervalSeconds", "86400"),
                      ("auditSealEveryEntries", "16"), ("auditSealEveryEntries", "4096")])
    func theEndsOfEachRangeLoad(field: String, value: String) throws {
        _ = try UnitConfig.load(from: try Self.withField(field, value))
    }
}
