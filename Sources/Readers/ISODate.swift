/// Dates and times as ISO 8601 text, computed from day and second counts without a calendar
/// object: spreadsheets and statistics files store dates as numbers (Excel's serials, SPSS's
/// seconds since 1582), and a million of them must convert fast and the same everywhere.
package enum ISODate {
    /// Year, month and day of a count of days since 1970-01-01 in the proleptic Gregorian
    /// calendar (Howard Hinnant's `civil_from_days`).
    package static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `2026-03-01` for a count of days since 1970-01-01.
    package static func date(daysSince1970 days: Int) -> String {
        let (year, month, day) = civil(days)
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// `14:30:00` for a count of seconds since midnight.
    package static func time(_ seconds: Int) -> String {
        "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// Numbers as the importers pass them on: whole numbers without a decimal point (`4`), others in
/// the shortest form that reads back as the same double (`0.1`), as spreadsheets and statistics
/// files store every number as a double.
package enum NumberText {
    package static func shortest(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
