package import DraagvlakCore
package import Foundation

/// Reads a GeoJSON FeatureCollection (RFC 7946) of Polygon and MultiPolygon features into a
/// `BoundaryMap`. Coordinates are WGS84 unless the file names RD New in the older `crs` member
/// (`urn:ogc:def:crs:EPSG::28992`, as PDOK's and CBS's exports do). Only features whose code is
/// in `codes` are kept, so a map of the whole country serves one municipality.
package enum GeoJSONReader {
    /// The properties tried, in order, for a feature's code when the configuration names none:
    /// CBS's `statcode`, `wijkcode` and `buurtcode`, then `code` and `id`.
    package static let codeProperties = ["statcode", "wijkcode", "buurtcode", "code", "id"]
    /// The properties tried, in order, for an area's name: CBS's, then common ones.
    static let nameProperties = ["statnaam", "wijknaam", "buurtnaam", "name", "naam"]

    package static func read(
        _ url: URL, displayName: String, codeProperty: String?, codes: Set<String>
    ) throws -> BoundaryMap {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw InputError("\(displayName): cannot read the boundaries file (\(error.localizedDescription))")
        }
        return try parse(data, file: displayName, codeProperty: codeProperty, codes: codes)
    }

    package static func parse(_ data: Data, file: String, codeProperty: String?, codes: Set<String>) throws -> BoundaryMap {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw InputError("\(file): not JSON (\(error.localizedDescription))")
        }
        guard let root = json as? [String: Any], root["type"] as? String == "FeatureCollection",
            let features = root["features"] as? [Any]
        else {
            throw InputError("\(file): not a GeoJSON FeatureCollection (expected \"type\": \"FeatureCollection\" with \"features\")")
        }
        let system = try referenceSystem(root["crs"], file: file)
        var areas: [Area] = []
        var seen: [String: Int] = [:]
        for (index, value) in features.enumerated() {
            let number = index + 1
            guard let feature = value as? [String: Any] else { throw InputError("\(file): feature \(number) is not an object") }
            let properties = feature["properties"] as? [String: Any] ?? [:]
            guard let code = Self.code(properties, feature["id"], property: codeProperty) else {
                let tried = codeProperty.map { "'\($0)'" } ?? codeProperties.map { "'\($0)'" }.joined(separator: ", ")
                throw InputError("\(file): feature \(number) has no code (looked for the property \(tried))")
            }
            guard codes.contains(code) else { continue }
            let place = "\(file): feature \(number) (\(code))"
            if let first = seen[code] { throw InputError("\(place): the code appears twice (first in feature \(first))") }
            seen[code] = number
            guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String else {
                throw InputError("\(place): has no geometry")
            }
            let coordinates = geometry["coordinates"]
            let polygons: [[Ring]]
            switch type {
            case "Polygon": polygons = [try polygon(coordinates, place: "\(place), geometry", system: system)]
            case "MultiPolygon":
                guard let parts = coordinates as? [Any], !parts.isEmpty else {
                    throw InputError("\(place), geometry: a MultiPolygon needs a list of polygons")
                }
                polygons = try parts.enumerated().map { try polygon($1, place: "\(place), geometry, polygon \($0 + 1)", system: system) }
            default:
                throw InputError("\(place), geometry: \(type) cannot outline an area (expected Polygon or MultiPolygon)")
            }
            let name = nameProperties.lazy.compactMap { properties[$0] as? String }.first
            areas.append(Area(code: code, name: name, polygons: polygons))
        }
        return BoundaryMap(referenceSystem: system, areas: areas)
    }

    static func code(_ properties: [String: Any], _ id: Any?, property: String?) -> String? {
        func text(_ value: Any?) -> String? {
            switch value {
            case let s as String: s.trimmingCharacters(in: .whitespaces)
            case let n as NSNumber: n.stringValue
            default: nil
            }
        }
        if let property { return text(properties[property]) }
        return codeProperties.lazy.compactMap { text(properties[$0]) }.first ?? text(id)
    }

    static func referenceSystem(_ crs: Any?, file: String) throws -> BoundaryMap.ReferenceSystem {
        guard let crs else { return .wgs84 }
        guard let object = crs as? [String: Any], let properties = object["properties"] as? [String: Any],
            let name = properties["name"] as? String
        else { throw InputError("\(file): crs: expected {\"type\": \"name\", \"properties\": {\"name\": …}}") }
        if name.hasSuffix("28992") { return .rdNew }
        if name.hasSuffix("4326") || name.hasSuffix("CRS84") { return .wgs84 }
        throw InputError("\(file): crs: \(name) is not supported (use WGS84 or RD New, EPSG:28992)")
    }

    static func polygon(_ value: Any?, place: String, system: BoundaryMap.ReferenceSystem) throws -> [Ring] {
        guard let rings = value as? [Any], !rings.isEmpty else { throw InputError("\(place): a polygon needs at least one ring") }
        return try rings.enumerated().map { r, ring in
            guard let positions = ring as? [Any] else { throw InputError("\(place), ring \(r + 1): not a list of positions") }
            let points = try positions.enumerated().map { p, position -> Point in
                guard let pair = position as? [Any], pair.count >= 2, let x = (pair[0] as? NSNumber)?.doubleValue,
                    let y = (pair[1] as? NSNumber)?.doubleValue
                else { throw InputError("\(place), ring \(r + 1), position \(p + 1): expected [x, y] numbers") }
                return Point(x, y)
            }
            return try RingCheck.checked(points, place: "\(place), ring \(r + 1)", system: system)
        }
    }
}
