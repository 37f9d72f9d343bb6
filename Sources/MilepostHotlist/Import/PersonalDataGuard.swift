/// Recognises registered-owner personal data (DPPA, 18 U.S.C. §2721) so the importer can
/// refuse it when it arrives as a column: owner name, address, date of birth and driver's
/// licence number. `PersonalDataScreen` looks for the same data inside an entry's text.
enum PersonalDataGuard {
    /// Why a column name looks like personal data, or nil if it does not.
    static func personalDataKind(ofColumn name: String) -> String? {
        let key = ColumnName.key(name)
        if key.contains("owner") || key.contains("registrant") { return "registered owner" }
        if key.contains("birth") || key == "dob" { return "date of birth" }
        if key.contains("address") || key.contains("street") || key == "addr" || key == "city"
            || key == "zip" || key == "zipcode" || key == "postalcode" || key == "adr" { return "address" }
        if key == "dl" || key == "dln" || key == "oln" || key.contains("driver")
            || key == "licensenumber" || key == "licencenumber" || key == "operatorlicense" { return "driver's licence number" }
        let namesAThing = key.contains("list") || key.contains("agency") || key.contains("source")
        if (key.hasSuffix("name") && !namesAThing) || key == "nam" { return "person's name" }
        if key == "ssn" || key == "soc" || key.contains("phone") { return "personal identifier" }
        return nil
    }
}

enum ColumnName {
    /// Lower-case letters and digits only: "Plate Number" and "plate_number" compare equal.
    static func key(_ name: String) -> String {
        String(name.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }
}
