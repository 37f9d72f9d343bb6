import Foundation
import MilepostCore

/// The payload of a read record: every field of `PlateRead` except those in the header.
enum ReadPayload {
    static func encode(_ read: PlateRead) -> [UInt8] {
        var w = ByteWriter(capacity: 128 + read.crop.count + (read.context?.count ?? 0))
        withUnsafeBytes(of: read.readID.uuid) { w.raw(Array($0)) }
        w.string(read.unitID.rawValue)
        w.string(read.cameraID.rawValue)
        w.f32(fraction(read.confidence))
        w.u8(UInt8(read.alternatives.count))
        for alternative in read.alternatives {
            w.string(alternative.plate.description)
            w.f32(fraction(alternative.confidence))
        }
        w.i32(read.box.x)
        w.i32(read.box.y)
        w.i32(read.box.width)
        w.i32(read.box.height)
        w.string(read.authorizationID)
        w.blob(read.crop)
        w.u8((read.context == nil ? 0 : OptionalFields.context) | (read.state == nil ? 0 : OptionalFields.state)
             | (read.pass == nil ? 0 : OptionalFields.pass))
        if let context = read.context { w.blob(context) }
        if let state = read.state { w.string(state) }
        if let pass = read.pass {
            w.u8(UInt8(pass.framesRead))
            w.u8(UInt8(pass.framesAgreed))
        }
        return w.bytes
    }

    /// The longest authorization id, in UTF-8 bytes.
    static let maxIdentifierBytes = 128

    /// The bits of the optional-fields byte; any other bit set is refused.
    enum OptionalFields {
        static let context: UInt8 = 1
        static let state: UInt8 = 2
        static let pass: UInt8 = 4
        static let all = context | state | pass
    }

    /// A state is two capital ASCII letters, as in the hotlists.
    static func isStateCode(_ text: String) -> Bool {
        text.utf8.count == 2 && text.utf8.allSatisfy { (0x41...0x5A).contains($0) }
    }

    /// Decodes a payload and checks the limits `append` enforces before writing (ids,
    /// alternatives, confidences, optional fields, state code, no trailing bytes): a payload that breaks
    /// one was not written by this store. Image sizes are not checked against the current
    /// caps, which may have been lowered since the read was stored.
    static func decode(_ payload: ArraySlice<UInt8>, header: RecordHeader) throws(DecodeError) -> PlateRead {
        var r = ByteReader(payload)
        let id = try r.raw(16, "read id")
        let uuid = UUID(uuid: (id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7],
                               id[8], id[9], id[10], id[11], id[12], id[13], id[14], id[15]))
        let unitID = try deviceIdentifier(&r, "unit id", as: UnitID.self)
        let cameraID = try deviceIdentifier(&r, "camera id", as: CameraID.self)
        let confidence = try unitInterval(&r, "confidence")
        let alternativeCount = Int(try r.u8("alternative count"))
        guard alternativeCount <= PlateRead.maximumAlternatives else {
            throw DecodeError(field: "alternative count", offset: r.offset - 1,
                              reason: "is \(alternativeCount), at most \(PlateRead.maximumAlternatives)")
        }
        var alternatives: [AlternativeReading] = []
        for _ in 0..<alternativeCount {
            let start = r.offset
            let plate: PlateText
            switch StoredPlate.decode(Array(try r.string("alternative plate").utf8)) {
            case .success(let text): plate = text
            case .failure(let problem): throw DecodeError(field: "alternative plate", offset: start, reason: problem.description)
            }
            alternatives.append(AlternativeReading(plate: plate, confidence: try unitInterval(&r, "alternative confidence")))
        }
        let box = PlateBox(x: try r.i32("box x"), y: try r.i32("box y"), width: try r.i32("box width"), height: try r.i32("box height"))
        let authorizationID = try identifier(&r, "authorization id")
        let crop = try r.blob("crop")
        guard !crop.isEmpty else { throw DecodeError(field: "crop", offset: r.offset, reason: "is empty") }
        let flagsOffset = r.offset
        let flags = try r.u8("optional fields")
        guard flags & ~OptionalFields.all == 0 else {
            throw DecodeError(field: "optional fields", offset: flagsOffset,
                              reason: "is \(flags); only bits 0 (context), 1 (state) and 2 (pass) are defined")
        }
        let context = flags & OptionalFields.context == 0 ? nil : try r.blob("context")
        var state: String?
        if flags & OptionalFields.state != 0 {
            let start = r.offset
            let text = try r.string("state")
            guard isStateCode(text) else { throw DecodeError(field: "state", offset: start, reason: "'\(text)' is not two capital letters") }
            state = text
        }
        var pass: PassAgreement?
        if flags & OptionalFields.pass != 0 {
            let start = r.offset
            let (read, agreed) = (Int(try r.u8("frames read")), Int(try r.u8("frames agreed")))
            guard let agreement = PassAgreement(framesRead: read, framesAgreed: agreed) else {
                throw DecodeError(field: "frames agreed", offset: start, reason: "\(agreed) of \(read) frames: need 1 <= agreed <= read")
            }
            pass = agreement
        }
        guard r.remaining == 0 else {
            throw DecodeError(field: "payload", offset: r.offset, reason: "has \(r.remaining) byte(s) after the last field")
        }
        guard case .success(let plate) = StoredPlate.decode(header.plate.bytes) else {
            throw DecodeError(field: "record plate", offset: 36, reason: "is not a plate")
        }
        return PlateRead(
            readID: uuid, captureTime: header.captureTime, unitID: unitID, cameraID: cameraID,
            plate: plate, state: state, confidence: confidence, alternatives: alternatives, box: box,
            authorizationID: authorizationID, crop: crop, context: context, pass: pass)
    }

    private static func identifier(_ r: inout ByteReader, _ field: String) throws(DecodeError) -> String {
        let start = r.offset
        let text = try r.string(field)
        guard !text.isEmpty, text.utf8.count <= maxIdentifierBytes else {
            throw DecodeError(field: field, offset: start, reason: "is \(text.utf8.count) bytes, must be 1 to \(maxIdentifierBytes)")
        }
        return text
    }

    private static func deviceIdentifier<Kind>(
        _ r: inout ByteReader, _ field: String, as: DeviceIdentifier<Kind>.Type
    ) throws(DecodeError) -> DeviceIdentifier<Kind> {
        let start = r.offset
        let text = try r.string(field)
        do { return try DeviceIdentifier<Kind>(text) } catch { throw DecodeError(field: field, offset: start, reason: error.problem) }
    }

    /// A confidence is stored as its fraction, a 32-bit float within 0...1.
    private static func fraction(_ confidence: Confidence) -> Float { Float(confidence.perMille) / Float(Confidence.maximumPerMille) }

    private static func unitInterval(_ r: inout ByteReader, _ field: String) throws(DecodeError) -> Confidence {
        let start = r.offset
        let value = try r.f32(field)
        guard let confidence = Confidence(fraction: Double(value)) else {
            throw DecodeError(field: field, offset: start, reason: "is \(value), must be within 0...1")
        }
        return confidence
    }
}
