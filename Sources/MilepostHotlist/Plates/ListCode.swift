/// NCIC-style one-letter code saying why a plate is on a hotlist.
public enum ListCode: String, CaseIterable, Codable, Sendable {
    case stolenVehicle = "V"
    case stolenPlate = "P"
    case wantedFelony = "W"
    case amberAlert = "A"
    case missingPerson = "M"
    case protectionOrder = "H"
    case felonyVehicle = "F"
    case gang = "G"
    case terroristWatch = "T"
    case silverAlert = "S"
    case bolo = "B"

    public var title: String {
        switch self {
        case .stolenVehicle: return "stolen vehicle"
        case .stolenPlate: return "stolen plate"
        case .wantedFelony: return "wanted felony"
        case .amberAlert: return "AMBER alert"
        case .missingPerson: return "missing person"
        case .protectionOrder: return "protection order"
        case .felonyVehicle: return "felony vehicle"
        case .gang: return "gang"
        case .terroristWatch: return "terrorist watch"
        case .silverAlert: return "Silver alert"
        case .bolo: return "be on the lookout"
        }
    }

    static var accepted: String { allCases.map(\.rawValue).joined(separator: " ") }
}
