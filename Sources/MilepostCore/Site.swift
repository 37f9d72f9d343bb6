/// Where a unit is deployed, as its targeting authorization names it: the coordinates and a
/// description a person recognises ("Route 9 eastbound at Main St"). The authorization, the
/// capture clearance and the hit notice all carry this one value.
public struct Site: Codable, Hashable, Sendable {
    public var latitude: Double
    public var longitude: Double
    public var description: String

    public init(latitude: Double, longitude: Double, description: String) {
        self.latitude = latitude
        self.longitude = longitude
        self.description = description
    }
}
