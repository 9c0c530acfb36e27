import DraagvlakCore
import Foundation
import GRDB
import Testing

@testable import Maps

/// Well-Known Binary of a polygon, built byte by byte in either byte order, optionally with Z.
func wkbPolygon(_ rings: [[(Double, Double)]], littleEndian: Bool = true, z: Bool = false) -> [UInt8] {
    var bytes: [UInt8] = [littleEndian ? 1 : 0]
    func uint32(_ v: UInt32) {
        bytes += littleEndian ? withUnsafeBytes(of: v.littleEndian, Array.init) : withUnsafeBytes(of: v.bigEndian, Array.init)
    }
    func double(_ v: Double) {
        bytes +=
            littleEndian
            ? withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init) : withUnsafeBytes(of: v.bitPattern.bigEndian, Array.init)
    }
    uint32(z ? 1003 : 3)
    uint32(UInt32(rings.count))
    for ring in rings {
        uint32(UInt32(ring.count))
        for (x, y) in ring {
            double(x)
            double(y)
            if z { double(7) }
        }
    }
    return bytes
}

/// A GeoPackage geometry: the `GP` header (little-endian, no envelope) with SRS 28992, then `wkb`.
func gpkgBlob(_ wkb: [UInt8]) -> Data {
    Data([0x47, 0x50, 0, 0x01] + withUnsafeBytes(of: Int32(28992).littleEndian, Array.init) + wkb)
}

let rdSquare: [(Double, Double)] = [(150_000, 450_000), (151_000, 450_000), (151_000, 451_000), (150_000, 451_000), (150_000, 450_000)]

@Suite struct GeoPackageReaderTests {
    @Test func wkbInBothByteOrdersWithAndWithoutZ() throws {
        let little = try WKB.polygons(wkbPolygon([rdSquare]))
        let big = try WKB.polygons(wkbPolygon([rdSquare], littleEndian: false))
        let z = try WKB.polygons(wkbPolygon([rdSquare], z: true))
        #expect(little == big && big == z)
        #expect(little[0][0].map(\.x) == rdSquare.map(\.0))
        // A MultiPolygon of two: type 6, a count, then two whole polygons.
        let multi: [UInt8] = [1, 6, 0, 0, 0, 2, 0, 0, 0] + wkbPolygon([rdSquare]) + wkbPolygon([rdSquare], littleEndian: false)
        #expect(try WKB.polygons(multi).count == 2)
    }

    @Test func damagedWKBIsAnErrorNotACrash() {
        let whole = wkbPolygon([rdSquare])
        for cut in [1, 5, 9, 13, 30, whole.count - 1] {
            #expect(throws: WKB.Failure.self) { try WKB.polygons(Array(whole.prefix(cut))) }
        }
        var huge = whole
        huge[5...8] = [0xFF, 0xFF, 0xFF, 0x7F]
        #expect(throws: WKB.Failure.self) { try WKB.polygons(huge) }
        #expect(throws: WKB.Failure.self) { try WKB.polygons([1, 1, 0, 0, 0] + [UInt8](repeating: 0, count: 16)) }
    }

    /// Builds a GeoPackage like CBS's wijkenkaart: one layer `wijken` with `statcode`, `statnaam`
    /// and `geom`, in RD New.
    func makeGeoPackage(_ rows: [(String, String, Data)]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("maps-\(UUID().uuidString).gpkg")
        let db = try DatabaseQueue(path: url.path)
        try db.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT,
                        organization_coordsys_id INTEGER, definition TEXT, description TEXT);
                    INSERT INTO gpkg_spatial_ref_sys VALUES ('Amersfoort / RD New', 28992, 'EPSG', 28992, '', '');
                    CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, srs_id INTEGER);
                    INSERT INTO gpkg_contents VALUES ('wijken', 'features', 'wijken', 28992);
                    CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT,
                        srs_id INTEGER, z TINYINT, m TINYINT);
                    INSERT INTO gpkg_geometry_columns VALUES ('wijken', 'geom', 'MULTIPOLYGON', 28992, 0, 0);
                    CREATE TABLE wijken (fid INTEGER PRIMARY KEY, statcode TEXT, statnaam TEXT, geom BLOB);
                    """)
            for (code, name, blob) in rows {
                try db.execute(sql: "INSERT INTO wijken (statcode, statnaam, geom) VALUES (?, ?, ?)", arguments: [code, name, blob])
            }
        }
        return url
    }

    @Test func readsTheAskedAreasOfALayer() throws {
        let url = try makeGeoPackage([
            ("WK000101", "Een", gpkgBlob(wkbPolygon([rdSquare]))), ("WK000102", "Twee", gpkgBlob(wkbPolygon([rdSquare], z: true))),
            ("WK000103", "Drie", gpkgBlob(wkbPolygon([rdSquare]))),
        ])
        defer { try? FileManager.default.removeItem(at: url) }
        let map = try GeoPackageReader.read(
            url, displayName: "wijken.gpkg", layer: nil, codeProperty: nil, codes: ["WK000101", "WK000103"])
        #expect(map.referenceSystem == .rdNew)
        #expect(map.areas.map(\.code) == ["WK000101", "WK000103"])
        #expect(map.areas.map(\.name) == ["Een", "Drie"])
        #expect(
            inputError { _ = try GeoPackageReader.read(url, displayName: "wijken.gpkg", layer: "buurten", codeProperty: nil, codes: []) }
                .contains("wijken.gpkg: has no layer 'buurten' (it has: wijken)"))
    }

    @Test func aDamagedGeometryNamesLayerFeatureAndCode() throws {
        let url = try makeGeoPackage([
            ("WK000101", "Een", gpkgBlob(wkbPolygon([rdSquare]))), ("WK000102", "Twee", gpkgBlob(Array(wkbPolygon([rdSquare]).prefix(20)))),
            ("WK000103", "Drie", Data("XX not a geometry".utf8)),
            ("WK000104", "Vier", gpkgBlob([1, 6, 0, 0, 0, 0, 0, 0, 0])),
        ])
        defer { try? FileManager.default.removeItem(at: url) }
        let cut = inputError {
            _ = try GeoPackageReader.read(url, displayName: "w.gpkg", layer: nil, codeProperty: nil, codes: ["WK000102"])
        }
        #expect(cut.hasPrefix("w.gpkg: layer wijken, feature 2 (WK000102), geometry: "), "\(cut)")
        let magic = inputError {
            _ = try GeoPackageReader.read(url, displayName: "w.gpkg", layer: nil, codeProperty: nil, codes: ["WK000103"])
        }
        #expect(magic.contains("feature 3 (WK000103), geometry: not a GeoPackage geometry"), "\(magic)")
        let empty = inputError {
            _ = try GeoPackageReader.read(url, displayName: "w.gpkg", layer: nil, codeProperty: nil, codes: ["WK000104"])
        }
        #expect(empty.contains("feature 4 (WK000104), geometry: an empty polygon outlines no area"), "\(empty)")
        let notOne = inputError {
            _ = try GeoPackageReader.read(
                fixture("dijkwaard-wijken.geojson"), displayName: "x.gpkg", layer: nil, codeProperty: nil, codes: [])
        }
        #expect(notOne.hasPrefix("x.gpkg: not a"), "\(notOne)")
    }
}
