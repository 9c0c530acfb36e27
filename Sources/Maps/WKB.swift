/// Decodes the polygons of a geometry in Well-Known Binary (OGC Simple Features, ISO 19125),
/// the form GeoPackage stores after its own header. Polygon and MultiPolygon, in 2D or with Z
/// and/or M (ISO codes 1000/2000/3000 and the EWKB flag bits), either byte order; every length
/// is checked against the bytes there are, so a damaged blob is an error, never a crash.
enum WKB {
    struct Failure: Error {
        var message: String
    }

    /// The polygons of `bytes`, each an outer ring followed by its holes.
    static func polygons(_ bytes: [UInt8]) throws(Failure) -> [[[Point]]] {
        var reader = Reader(bytes: bytes)
        let result = try reader.geometry()
        guard reader.offset == bytes.count else {
            throw Failure(message: "\(bytes.count - reader.offset) bytes left over after the geometry")
        }
        return result
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0
        var littleEndian = true

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func geometry() throws(Failure) -> [[[Point]]] {
            let (type, dimensions) = try header()
            switch type {
            case 3: return [try polygon(dimensions)]
            case 6:
                let count = try length("polygons")
                var result: [[[Point]]] = []
                for _ in 0..<count {
                    let (part, partDimensions) = try header()
                    guard part == 3 else { throw Failure(message: "a MultiPolygon holds a geometry of type \(part), not a Polygon") }
                    result.append(try polygon(partDimensions))
                }
                return result
            case 1, 2, 4, 5, 7:
                throw Failure(message: "a \(Self.names[Int(type)]!) cannot outline an area (expected Polygon or MultiPolygon)")
            default: throw Failure(message: "geometry type \(type) is not supported (expected Polygon or MultiPolygon)")
            }
        }

        static let names = [1: "Point", 2: "LineString", 4: "MultiPoint", 5: "MultiLineString", 7: "GeometryCollection"]

        /// The byte order and type; returns the base type and the number of values per point.
        mutating func header() throws(Failure) -> (type: UInt32, dimensions: Int) {
            guard offset < bytes.count else { throw Failure(message: "ends before a geometry's byte order") }
            switch bytes[offset] {
            case 0: littleEndian = false
            case 1: littleEndian = true
            default: throw Failure(message: "byte \(offset): byte order \(bytes[offset]) is neither 0 nor 1")
            }
            offset += 1
            var code = try uint32()
            var dimensions = 2
            if code & 0x8000_0000 != 0 { dimensions += 1 }
            if code & 0x4000_0000 != 0 { dimensions += 1 }
            if code & 0x2000_0000 != 0 { _ = try uint32() }
            code &= 0x0FFF_FFFF
            switch code / 1000 {
            case 1, 2: dimensions = 3
            case 3: dimensions = 4
            default: break
            }
            return (code % 1000, dimensions)
        }

        mutating func polygon(_ dimensions: Int) throws(Failure) -> [[Point]] {
            let rings = try length("rings")
            var result: [[Point]] = []
            for _ in 0..<rings {
                let count = try length("points")
                guard count * dimensions * 8 <= bytes.count - offset else {
                    throw Failure(message: "a ring of \(count) points runs past the end of the geometry")
                }
                var points: [Point] = []
                points.reserveCapacity(count)
                for _ in 0..<count {
                    let x = try double()
                    let y = try double()
                    for _ in 2..<dimensions { _ = try double() }
                    points.append(Point(x, y))
                }
                result.append(points)
            }
            return result
        }

        mutating func length(_ what: String) throws(Failure) -> Int {
            let n = Int(try uint32())
            // Every element takes at least 4 bytes, so a count beyond that is damage.
            guard n <= (bytes.count - offset) / 4 + 1 else {
                throw Failure(message: "a count of \(n) \(what) runs past the end of the geometry")
            }
            return n
        }

        mutating func uint32() throws(Failure) -> UInt32 { UInt32(try unsigned(4)) }

        mutating func double() throws(Failure) -> Double { Double(bitPattern: try unsigned(8)) }

        /// The next `width` bytes as an unsigned number in the geometry's byte order.
        mutating func unsigned(_ width: Int) throws(Failure) -> UInt64 {
            guard offset + width <= bytes.count else { throw Failure(message: "ends in the middle of a number") }
            var value: UInt64 = 0
            for i in 0..<width {
                value = value << 8 | UInt64(bytes[offset + (littleEndian ? width - 1 - i : i)])
            }
            offset += width
            return value
        }
    }

    /// The WKB inside a GeoPackage geometry blob (GeoPackage 1.3 §2.1.3): the magic `GP`, a
    /// version, flags (byte order, envelope size, empty), the SRS id and the envelope come first.
    static func geoPackagePolygons(_ blob: [UInt8]) throws(Failure) -> [[[Point]]] {
        guard blob.count >= 8, blob[0] == 0x47, blob[1] == 0x50 else {
            throw Failure(message: "not a GeoPackage geometry (it does not begin with 'GP')")
        }
        let flags = blob[3]
        guard flags & 0x20 == 0 else { throw Failure(message: "an extended GeoPackage geometry type is not supported") }
        let envelope: Int
        switch (flags >> 1) & 0x07 {
        case 0: envelope = 0
        case 1: envelope = 32
        case 2, 3: envelope = 48
        case 4: envelope = 64
        default: throw Failure(message: "envelope indicator \((flags >> 1) & 0x07) is not defined")
        }
        guard flags & 0x10 == 0 else { throw Failure(message: "the geometry is empty") }
        let start = 8 + envelope
        guard blob.count > start else { throw Failure(message: "ends before its WKB") }
        return try polygons(Array(blob[start...]))
    }
}
