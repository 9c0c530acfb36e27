import Foundation

/// The readers read files: each input is written to one temporary file per process.
enum FuzzFile {
    nonisolated(unsafe) static var url: URL = FileManager.default.temporaryDirectory.appendingPathComponent("draagvlak-fuzz-\(getpid())")

    static func write(_ bytes: UnsafeRawBufferPointer) -> URL {
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        return url
    }
}
