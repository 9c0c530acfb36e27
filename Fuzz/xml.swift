// libFuzzer harness: the hardened XML reader (Sources/Readers/XMLStream.swift) on arbitrary
// bytes: it must end every document with events or an XMLError, never crash, hang or grow
// without bound.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let url = FuzzFile.write(UnsafeRawBufferPointer(start: start, count: count))
    guard var reader = try? XMLStreamReader(url: url) else { return 0 }
    var events = 0
    while events < 100_000 {
        guard let event = try? reader.next() else { break }
        _ = event
        events += 1
    }
    return 0
}
