import MilepostHotlist
import MilepostImaging
import MilepostCore

/// A synthetic hit notice for demonstrations, tests and the delivery benchmark: the plate on
/// a one-entry "demo" list, with generated grey gradients as the plate crop and context images.
public enum DemoNotice {
    public static func make(plate: String, capturedAtMillis: Int64, id: String, images: Bool = true) throws -> HitNotice {
        let text = try PlateText(normalizing: plate)
        let list = ActiveHotlist(
            settings: ListSettings(name: "demo", priority: .high, lookalikeSubstitutions: 1), version: 1, importedAt: 0, sourceFile: "demo",
            entries: [HotlistEntry(plate: text, state: "MA", code: .stolenVehicle, reason: "DEMO stolen vehicle", entered: 0, expires: nil, source: "DEMO")])
        let crop = images ? try JPEG.encodeGrey(gradient(width: 160, height: 40)) : []
        let read = SyntheticRead.make(text, state: "MA", at: UTCTime(millisecondsSinceEpoch: capturedAtMillis), crop: crop)
        let hits = HotlistMatcher(lists: [list]).match(read, permitted: ["demo"], at: 0)
        let context = images ? try JPEG.encodeGrey(gradient(width: 320, height: 180)) : nil
        return HitNotice(id: id, hits: hits, capture: CaptureContext(
            site: Site(latitude: 42.2626, longitude: -71.8023, description: "Demo location"),
            contextJPEG: context))
    }

    /// Dark on the left to light on the right.
    static func gradient(width: Int, height: Int) -> LumaImage {
        LumaImage(width: width, height: height, pixels: (0..<(width * height)).map { UInt8(truncatingIfNeeded: ($0 % width) * 255 / width) })
    }
}
