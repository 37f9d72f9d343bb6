import MilepostCore
import MilepostPolicy
import PostgresNIO

/// The one statement a permitted search runs over `reads`: the permit's units, its time range
/// (inclusive) and its plate, oldest first. An exact plate is an equality on the
/// `(plate, captured_at)` index. A pattern becomes `LIKE` (`*` → `%`, `?` → `_`; plates are
/// letters and digits only, so nothing needs escaping) and, when it starts with known
/// characters, also a range on that prefix, which the index answers whatever the database's
/// collation (plain `LIKE` uses a btree only under the C collation).
struct ReadSearchSQL {
    let units: [UnitID]
    let plate: PlatePattern?
    let from: UTCTime
    let to: UTCTime

    static let columns = "unit_id, seq, (extract(epoch FROM captured_at) * 1000)::bigint, plate, state, confidence::integer, camera_id, authorization_id, read_id::text"

    var query: PostgresQuery {
        var binds = PostgresBindings()
        var sql = "SELECT \(Self.columns) FROM reads WHERE unit_id = ANY($1::text[])"
            + " AND captured_at >= timestamptz 'epoch' + $2::bigint * interval '1 millisecond'"
            + " AND captured_at <= timestamptz 'epoch' + $3::bigint * interval '1 millisecond'"
        binds.append(units.map(\.rawValue))
        binds.append(from.millisecondsSinceEpoch)
        binds.append(to.millisecondsSinceEpoch)
        if let plate {
            if plate.isExactPlate {
                sql += " AND plate = $4"
                binds.append(plate.text)
            } else {
                sql += " AND plate LIKE $4"
                binds.append(Self.like(plate))
                let prefix = Self.knownPrefix(plate)
                if !prefix.isEmpty {
                    sql += " AND plate >= $5"
                    binds.append(prefix)
                    if let end = Self.prefixEnd(prefix) {
                        sql += " AND plate < $6"
                        binds.append(end)
                    }
                }
            }
        }
        sql += " ORDER BY captured_at, unit_id, seq"
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    static func like(_ pattern: PlatePattern) -> String {
        String(pattern.text.map { $0 == "*" ? "%" : $0 == "?" ? "_" : $0 })
    }

    /// The characters before the first wildcard.
    static func knownPrefix(_ pattern: PlatePattern) -> String {
        String(pattern.text.prefix { $0 != "*" && $0 != "?" })
    }

    /// The least string of digits and capitals above every string starting with `prefix`
    /// (digits sort before capitals), or nil when there is none (`ZZZ`).
    static func prefixEnd(_ prefix: String) -> String? {
        var characters = Array(prefix)
        while let last = characters.popLast() {
            switch last {
            case "0"..."8", "A"..."Y":
                characters.append(Character(Unicode.Scalar(last.asciiValue! + 1)))
                return String(characters)
            case "9":
                characters.append("A")
                return String(characters)
            default:
                continue
            }
        }
        return nil
    }
}
