/// Characters a plate reader (or a witness) confuses. Each class maps to one
/// representative; two plates are look-alikes when their canonical forms are equal.
public enum LookalikeTable {
    public static let classes: [String] = ["0ODQ", "1ILT", "8B", "5S", "2Z", "6G"]

    private static let representative: [UInt8] = {
        var table = (0...255).map { UInt8($0) }
        for group in classes {
            let bytes = Array(group.utf8)
            for byte in bytes { table[Int(byte)] = bytes[0] }
        }
        return table
    }()

    @inline(__always)
    public static func canonical(_ character: UInt8) -> UInt8 { representative[Int(character)] }

    public static func areLookalikes(_ a: UInt8, _ b: UInt8) -> Bool { canonical(a) == canonical(b) }
}
