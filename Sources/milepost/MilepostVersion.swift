enum MilepostVersion {
    static let string = "0.1.0"
}
