/// The text encoding of a CSV file. Dutch Excel's plain "CSV" is Windows-1252; "CSV UTF-8" is
/// UTF-8. The reader decides once per file from its first megabyte, and says which it used.
package enum TextEncoding: Sendable, Equatable {
    case utf8
    /// Windows-1252 (Latin-1 with the printable 0x80–0x9F of Windows).
    case windows1252

    /// UTF-8 when the bytes are valid UTF-8 (when the sample is `truncated`, a multibyte
    /// character cut off at its end allowed), else Windows-1252 when every byte is defined
    /// there; nil when neither.
    package static func detect(_ sample: ArraySlice<UInt8>, truncated: Bool = false) -> TextEncoding? {
        if String(validating: sample, as: UTF8.self) != nil || (truncated && validUTF8(sample)) { return .utf8 }
        if sample.allSatisfy({ !undefined.contains($0) }) { return .windows1252 }
        return nil
    }

    static func validUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        if String(validating: bytes, as: UTF8.self) != nil { return true }
        // The sample may end inside a character: drop up to 3 trailing bytes of an unfinished one.
        var end = bytes.endIndex
        for _ in 0..<3 where end > bytes.startIndex && bytes[end - 1] & 0xC0 == 0x80 { end -= 1 }
        if end > bytes.startIndex, bytes[end - 1] >= 0xC0 { end -= 1 }
        return end < bytes.endIndex && String(validating: bytes[bytes.startIndex..<end], as: UTF8.self) != nil
    }

    /// Bytes Windows-1252 leaves undefined.
    static let undefined: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]

    /// Windows-1252's 0x80–0x9F as Unicode scalars (0 for the undefined ones).
    static let high: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// The text of a field, or nil when its bytes are not valid in this encoding.
    package func decode(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    /// The text of a field, or nil when its bytes are not valid in this encoding.
    package func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        // ASCII reads the same in both, and is nearly every field of a response file.
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        switch self {
        case .utf8:
            return String(validating: bytes, as: UTF8.self)
        case .windows1252:
            var scalars = String.UnicodeScalarView()
            for byte in bytes {
                let value: UInt32 = byte >= 0x80 && byte < 0xA0 ? Self.high[Int(byte - 0x80)] : UInt32(byte)
                guard value != 0, let scalar = Unicode.Scalar(value) else { return nil }
                scalars.append(scalar)
            }
            return String(scalars)
        }
    }

    /// What to tell the user about converting.
    package static let advice = "save the file as 'CSV UTF-8', or convert it: iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv"
}
