import Foundation
import MilepostCore

/// A parsed JSON document, kept untyped so board files can be checked field by field with
/// messages that name the field path, and so unknown (misspelt) keys are refused rather
/// than silently ignored (unit.json's keys are checked on it too).
public enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Reads one JSON object, remembering its path for error messages.
struct JSONObjectReader {
    let path: String
    let fields: [String: JSONValue]
    let fail: (String, String) -> BoardError  // (field path, message)
    private var used: Set<String> = []

    init(_ value: JSONValue, path: String, fail: @escaping (String, String) -> BoardError) throws(BoardError) {
        self.path = path
        self.fail = fail
        guard case .object(let fields) = value else {
            throw fail(path.isEmpty ? "(top level)" : path, "expected an object, found \(value.kind)")
        }
        self.fields = fields
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    mutating func optional(_ key: String) -> JSONValue? {
        used.insert(key)
        if case .null? = fields[key] { return nil }
        return fields[key]
    }

    mutating func required(_ key: String) throws(BoardError) -> JSONValue {
        guard let value = optional(key) else { throw fail(fieldPath(key), "is missing") }
        return value
    }

    mutating func string(_ key: String) throws(BoardError) -> String {
        try asString(try required(key), key)
    }

    mutating func optionalString(_ key: String) throws(BoardError) -> String? {
        guard let value = optional(key) else { return nil }
        return try asString(value, key)
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>) throws(BoardError) -> Int {
        try checked(try asInt(try required(key), key), in: range, key)
    }

    mutating func optionalInt(_ key: String, in range: ClosedRange<Int>) throws(BoardError) -> Int? {
        guard let value = optional(key) else { return nil }
        return try checked(try asInt(value, key), in: range, key)
    }

    mutating func double(_ key: String, in range: ClosedRange<Double>) throws(BoardError) -> Double {
        guard case .number(let number) = try required(key) else {
            throw fail(fieldPath(key), "expected a number, found \(fields[key]!.kind)")
        }
        return try checked(number, in: range, key)
    }

    mutating func bool(_ key: String, default defaultValue: Bool) throws(BoardError) -> Bool {
        guard let value = optional(key) else { return defaultValue }
        guard case .bool(let flag) = value else { throw fail(fieldPath(key), "expected true or false, found \(value.kind)") }
        return flag
    }

    mutating func object(_ key: String) throws(BoardError) -> JSONObjectReader {
        try JSONObjectReader(try required(key), path: fieldPath(key), fail: fail)
    }

    mutating func optionalObject(_ key: String) throws(BoardError) -> JSONObjectReader? {
        guard let value = optional(key) else { return nil }
        return try JSONObjectReader(value, path: fieldPath(key), fail: fail)
    }

    func oneOf<T: RawRepresentable & CaseIterable>(_ raw: String, _ key: String, as: T.Type) throws(BoardError) -> T where T.RawValue == String {
        guard let value = T(rawValue: raw) else {
            let options = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw fail(fieldPath(key), "'\(raw)' is not one of \(options)")
        }
        return value
    }

    /// Call last: refuses keys that were never read (usually typos).
    func rejectUnknownKeys() throws(BoardError) {
        let unknown = fields.keys.filter { !used.contains($0) }.sorted()
        if let first = unknown.first {
            throw fail(fieldPath(first), "is not a known field here (\(KeySuggestion.hint(for: first, known: used)))")
        }
    }

    private func checked<Number: Comparable>(_ value: Number, in range: ClosedRange<Number>, _ key: String) throws(BoardError) -> Number {
        guard range.contains(value) else { throw fail(fieldPath(key), "\(value) is out of range \(range)") }
        return value
    }

    private func asString(_ value: JSONValue, _ key: String) throws(BoardError) -> String {
        guard case .string(let text) = value else { throw fail(fieldPath(key), "expected a string, found \(value.kind)") }
        return text
    }

    private func asInt(_ value: JSONValue, _ key: String) throws(BoardError) -> Int {
        guard case .number(let number) = value, number.rounded() == number, abs(number) < 1e15 else {
            throw fail(fieldPath(key), "expected a whole number, found \(value.kind == "a number" ? "a fraction" : value.kind)")
        }
        return Int(number)
    }
}
