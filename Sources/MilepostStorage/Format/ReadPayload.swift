import Foundation

/// The payload of a read record: every field of `PlateRead` except those in the header.
enum ReadPayload {
    static func encode(_ read: PlateRead) -> [UInt8] {
        var w = ByteWriter(capacity: 128 + read.crop.count + (read.context?.count ?? 0))
        withUnsafeBytes(of: read.readID.uuid) { w.raw(Array($0)) }
        w.string(read.unitID)
        w.string(read.cameraID)
        w.f32(read.confidence)
        w.u8(UInt8(read.alternatives.count))
        for alternative in read.alternatives {
            w.string(alternative.plate)
            w.f32(alternative.confidence)
        }
        w.i32(read.box.x)
        w.i32(read.box.y)
        w.i32(read.box.width)
        w.i32(read.box.height)
        w.string(read.authorizationID)
        w.blob(read.crop)
        w.u8(read.context == nil ? 0 : 1)
        if let context = read.context { w.blob(context) }
        return w.bytes
    }

    static func decode(_ payload: ArraySlice<UInt8>, header: RecordHeader) throws(DecodeError) -> PlateRead {
        var r = ByteReader(payload)
        let id = try r.raw(16, "read id")
        let uuid = UUID(uuid: (id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7],
                               id[8], id[9], id[10], id[11], id[12], id[13], id[14], id[15]))
        let unitID = try r.string("unit id")
        let cameraID = try r.string("camera id")
        let confidence = try r.f32("confidence")
        let alternativeCount = Int(try r.u8("alternative count"))
        var alternatives: [AlternativeReading] = []
        for _ in 0..<alternativeCount {
            alternatives.append(AlternativeReading(plate: try r.string("alternative plate"), confidence: try r.f32("alternative confidence")))
        }
        let box = PlateBox(x: try r.i32("box x"), y: try r.i32("box y"), width: try r.i32("box width"), height: try r.i32("box height"))
        let authorizationID = try r.string("authorization id")
        let crop = try r.blob("crop")
        let hasContext = try r.u8("context flag")
        let context = hasContext == 1 ? try r.blob("context") : nil
        return PlateRead(
            readID: uuid, captureTime: header.captureTime, unitID: unitID, cameraID: cameraID,
            plate: header.plate.text, confidence: confidence, alternatives: alternatives, box: box,
            authorizationID: authorizationID, crop: crop, context: context)
    }
}
