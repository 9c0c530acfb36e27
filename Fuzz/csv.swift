// libFuzzer harness: the streaming CSV reader (Sources/Readers/CSVReader.swift) on arbitrary
// bytes, with small limits so that huge records and column counts are reached quickly.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let url = FuzzFile.write(UnsafeRawBufferPointer(start: start, count: count))
    var limits = CSVReader.Limits()
    limits.maxRecordBytes = 1 << 16
    limits.maxFields = 500
    guard var reader = try? CSVReader(url: url, file: "fuzz.csv", limits: limits) else { return 0 }
    defer { reader.close() }
    var records = 0
    while records < 10_000, let record = try? reader.next() {
        precondition(record.fields.count <= limits.maxFields)
        records += 1
    }
    _ = TextEncoding.detect(Array(UnsafeRawBufferPointer(start: start, count: count))[...])
    return 0
}
