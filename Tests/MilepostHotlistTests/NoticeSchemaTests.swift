import Foundation
import MilepostCore
import Testing
@testable import MilepostHotlist

/// Checks a JSON value against the subset of JSON Schema that docs/hit-notice.schema.json
/// uses (type, required, properties, additionalProperties false, items, minItems, enum, const,
/// pattern, minimum, maximum), and returns every violation with its path.
struct SchemaCheck {
    static func violations(_ value: Any, _ schema: [String: Any], at path: String = "$") -> [String] {
        var found: [String] = []
        if let type = schema["type"] as? String, !matches(value, type) { return ["\(path): is not of type \(type)"] }
        if let allowed = schema["enum"] as? [String], !allowed.contains(value as? String ?? "") { found.append("\(path): not one of \(allowed)") }
        if let constant = schema["const"] as? String, (value as? String) != constant { found.append("\(path): is not the constant") }
        if let pattern = schema["pattern"] as? String, let text = value as? String, text.range(of: pattern, options: .regularExpression) == nil {
            found.append("\(path): '\(text)' does not match \(pattern)")
        }
        if let number = (value as? NSNumber)?.doubleValue, !(value is String) {
            if let minimum = schema["minimum"] as? Double, number < minimum { found.append("\(path): below \(minimum)") }
            if let maximum = schema["maximum"] as? Double, number > maximum { found.append("\(path): above \(maximum)") }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { found.append("\(path).\(key): is required") }
            for (key, child) in object {
                guard let childSchema = properties[key] as? [String: Any] else {
                    if (schema["additionalProperties"] as? Bool) == false { found.append("\(path).\(key): is not in the schema") }
                    continue
                }
                found += violations(child, childSchema, at: "\(path).\(key)")
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            if let minimum = schema["minItems"] as? Int, array.count < minimum { found.append("\(path): fewer than \(minimum) items") }
            for (index, item) in array.enumerated() { found += violations(item, items, at: "\(path)[\(index)]") }
        }
        return found
    }

    static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "integer": return (value as? NSNumber).map { !($0 is Bool) && $0.doubleValue == $0.doubleValue.rounded() } ?? false
        case "number": return value is NSNumber
        default: return true
        }
    }
}

@Suite struct NoticeSchemaTests {
    static func schema() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/hit-notice.schema.json").standardized
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    static func body(_ notice: HitNotice) throws -> Any {
        try JSONSerialization.jsonObject(with: NoticeOutbox.encoder.encode(StoredNotice(sequence: 7, committedAtMillis: 1_795_000_000_100, notice: notice)))
    }

    @Test func theBodyAWebhookGetsIsWhatTheSchemaDescribes() throws {
        let schema = try Self.schema()
        for notice in [sampleNotice(), sampleNotice(priority: .high, pass: PassAgreement(framesRead: 3, framesAgreed: 2))] {
            let violations = SchemaCheck.violations(try Self.body(notice), schema)
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test func theSchemaRefusesAFieldItDoesNotDescribeOrAMissingOne() throws {
        var body = try Self.body(sampleNotice()) as! [String: Any]
        var notice = body["notice"] as! [String: Any]
        notice["ownerName"] = "x"
        notice.removeValue(forKey: "banner")
        body["notice"] = notice
        #expect(Set(SchemaCheck.violations(body, try Self.schema())) == ["$.notice.ownerName: is not in the schema", "$.notice.banner: is required"])
    }
}
