package import DraagvlakCore
package import Foundation
import GRDB

/// Reads a GeoPackage (OGC 12-128r18; a SQLite file) such as CBS's wijk- en buurtkaart: the
/// layer (feature table) named in the configuration, or the file's only one; its geometry
/// column and reference system from `gpkg_geometry_columns` and `gpkg_spatial_ref_sys`; and of
/// its rows only those whose code is asked for. Opened read-only; the WKB is decoded by `WKB`.
package enum GeoPackageReader {
    package static func read(
        _ url: URL, displayName file: String, layer: String?, codeProperty: String?, codes: Set<String>
    ) throws -> BoundaryMap {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw InputError("\(file): cannot read the boundaries file")
        }
        var configuration = Configuration()
        configuration.readonly = true
        let database: DatabaseQueue
        do {
            database = try DatabaseQueue(path: url.path, configuration: configuration)
        } catch {
            throw InputError("\(file): not a GeoPackage (\(error))")
        }
        do {
            return try database.read { db in try read(db, file: file, layer: layer, codeProperty: codeProperty, codes: codes) }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError("\(file): not a readable GeoPackage (\(error))")
        }
    }

    static func read(_ db: Database, file: String, layer: String?, codeProperty: String?, codes: Set<String>) throws -> BoundaryMap {
        guard try db.tableExists("gpkg_geometry_columns") else {
            throw InputError("\(file): not a GeoPackage (it has no gpkg_geometry_columns table)")
        }
        let layers = try Row.fetchAll(
            db,
            sql: """
                SELECT CAST(table_name AS TEXT) AS table_name, CAST(column_name AS TEXT) AS column_name,
                    CAST(srs_id AS INTEGER) AS srs_id
                FROM gpkg_geometry_columns WHERE table_name IS NOT NULL AND column_name IS NOT NULL ORDER BY table_name
                """)
        let names = layers.map { $0["table_name"] as String }
        let chosen: Row
        if let layer {
            guard let row = layers.first(where: { $0["table_name"] == layer }) else {
                throw InputError("\(file): has no layer '\(layer)' (it has: \(names.joined(separator: ", ")))")
            }
            chosen = row
        } else {
            guard layers.count == 1 else {
                throw InputError("\(file): holds \(layers.count) layers (\(names.joined(separator: ", "))); name one with 'layer:'")
            }
            chosen = layers[0]
        }
        let table: String = chosen["table_name"]
        let geometry: String = chosen["column_name"]
        let srs: Int = chosen["srs_id"] ?? 0
        let system = try referenceSystem(db, srs: srs, file: "\(file): layer \(table)")
        let columns = try db.columns(in: table).map(\.name)
        let codeColumn: String
        if let codeProperty {
            guard columns.contains(codeProperty) else {
                throw InputError("\(file): layer \(table) has no column '\(codeProperty)' (it has: \(columns.joined(separator: ", ")))")
            }
            codeColumn = codeProperty
        } else {
            guard let found = GeoJSONReader.codeProperties.first(where: columns.contains) else {
                throw InputError(
                    "\(file): layer \(table) has none of the code columns \(GeoJSONReader.codeProperties.joined(separator: ", ")); name one with 'property:'"
                )
            }
            codeColumn = found
        }
        let nameColumn = GeoJSONReader.nameProperties.first(where: columns.contains)
        let wanted = codes.sorted()
        let sql = """
            SELECT CAST(rowid AS INTEGER) AS fid, CAST(\(codeColumn.quotedDatabaseIdentifier) AS TEXT) AS code,
                \(geometry.quotedDatabaseIdentifier) AS geom\(nameColumn.map { ", CAST(\($0.quotedDatabaseIdentifier) AS TEXT) AS name" } ?? "")
            FROM \(table.quotedDatabaseIdentifier) WHERE \(codeColumn.quotedDatabaseIdentifier) IN (\(wanted.map { _ in "?" }.joined(separator: ",")))
            ORDER BY rowid
            """
        var areas: [Area] = []
        var seen: Set<String> = []
        for (index, row) in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(wanted)).enumerated() {
            let fid: Int64 = row["fid"] ?? Int64(index + 1)
            let code: String = row["code"] ?? ""
            let place = "\(file): layer \(table), feature \(fid) (\(code))"
            guard seen.insert(code).inserted else { throw InputError("\(place): the code appears twice") }
            guard case .blob(let blob) = (row["geom"] as DatabaseValue).storage else {
                throw InputError("\(place): has no geometry (not a blob)")
            }
            let polygons: [[[Point]]]
            do {
                polygons = try WKB.geoPackagePolygons([UInt8](blob))
            } catch {
                throw InputError("\(place), geometry: \(error.message)")
            }
            let checked = try polygons.enumerated().map { p, rings in
                try rings.enumerated().map { r, ring in
                    try RingCheck.checked(ring, place: "\(place), geometry, polygon \(p + 1), ring \(r + 1)", system: system)
                }
            }
            guard !checked.isEmpty, !checked.contains(where: \.isEmpty) else {
                throw InputError("\(place), geometry: an empty polygon outlines no area")
            }
            areas.append(Area(code: code, name: row["name"], polygons: checked))
        }
        return BoundaryMap(referenceSystem: system, areas: areas)
    }

    static func referenceSystem(_ db: Database, srs: Int, file: String) throws -> BoundaryMap.ReferenceSystem {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT CAST(organization AS TEXT) AS organization, CAST(organization_coordsys_id AS INTEGER) AS organization_coordsys_id
                FROM gpkg_spatial_ref_sys WHERE srs_id = ?
                """, arguments: [srs])
        let organization = (row?["organization"] as String?)?.uppercased() ?? ""
        let id: Int = (row?["organization_coordsys_id"] as Int?) ?? srs
        switch (organization, id) {
        case ("EPSG", 28992): return .rdNew
        case ("EPSG", 4326): return .wgs84
        default: throw InputError("\(file): reference system \(organization) \(id) is not supported (use WGS84 or RD New, EPSG:28992)")
        }
    }
}
