import DraagvlakCore
import Foundation
import Testing

@testable import Maps

let dijkwaardCodes: Set<String> = ["WK999901", "WK999902", "WK999903", "WK999904", "WK999905", "WK999906"]

func fixture(_ name: String) -> URL {
    Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!
}

/// The message of the `InputError` `body` throws; fails the test when it throws none.
func inputError(_ body: () throws -> Void) -> String {
    do {
        try body()
        Issue.record("expected an InputError")
    } catch let error as InputError {
        return error.description
    } catch {
        Issue.record("expected an InputError, got \(error)")
    }
    return ""
}

/// A FeatureCollection of one feature with `geometry` (JSON text), optionally with a `crs`.
func collection(_ geometry: String, code: String = "WK1", crs: String? = nil) -> Data {
    let crsMember = crs.map { "\"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"\($0)\"}}," } ?? ""
    return Data(
        "{\"type\": \"FeatureCollection\", \(crsMember) \"features\": [{\"type\": \"Feature\", \"properties\": {\"code\": \"\(code)\"}, \"geometry\": \(geometry)}]}"
            .utf8)
}

@Suite struct GeoJSONReaderTests {
    @Test func readsTheExampleInRDNewKeepingOnlyTheAskedCodes() throws {
        let map = try GeoJSONReader.read(
            fixture("dijkwaard-wijken.geojson"), displayName: "wijken.geojson", codeProperty: nil, codes: ["WK999902", "WK999906"])
        #expect(map.referenceSystem == .rdNew)
        #expect(map.areas.map(\.code) == ["WK999902", "WK999906"])
        #expect(map.areas.map(\.name) == ["Noord", "Kerkdorpen"])
        #expect(map.areas[1].polygons.count == 2, "the villages are a MultiPolygon of two")
        #expect(map.areas[0].polygons[0][0].first == map.areas[0].polygons[0][0].last)
    }

    @Test func neighboursShareTheirBorder() throws {
        let map = try GeoJSONReader.read(
            fixture("dijkwaard-wijken.geojson"), displayName: "w", codeProperty: "statcode", codes: dijkwaardCodes)
        let points = Dictionary(uniqueKeysWithValues: map.areas.map { ($0.code, Set($0.polygons[0][0])) })
        // North and east meet along the divider at 45°: at least its seven points.
        #expect(points["WK999902"]!.intersection(points["WK999903"]!).count >= 7)
        #expect(points["WK999901"]!.intersection(points["WK999902"]!).count >= 13)
    }

    @Test func wgs84IsTheDefaultAndRDMustBeNamed() throws {
        let square = "{\"type\": \"Polygon\", \"coordinates\": [[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.1], [5.0, 52.0]]]}"
        #expect(try GeoJSONReader.parse(collection(square), file: "f", codeProperty: nil, codes: ["WK1"]).referenceSystem == .wgs84)
        let rd = "{\"type\": \"Polygon\", \"coordinates\": [[[150000, 450000], [151000, 450000], [151000, 451000], [150000, 450000]]]}"
        let message = inputError { _ = try GeoJSONReader.parse(collection(rd), file: "w.geojson", codeProperty: nil, codes: ["WK1"]) }
        #expect(message.contains("w.geojson: feature 1 (WK1), geometry, ring 1, position 1"))
        #expect(message.contains("EPSG:28992"))
        let named = try GeoJSONReader.parse(
            collection(rd, crs: "urn:ogc:def:crs:EPSG::28992"), file: "f", codeProperty: nil, codes: ["WK1"])
        #expect(named.referenceSystem == .rdNew)
        let other = inputError {
            _ = try GeoJSONReader.parse(collection(rd, crs: "urn:ogc:def:crs:EPSG::3857"), file: "f", codeProperty: nil, codes: ["WK1"])
        }
        #expect(other.contains("EPSG::3857 is not supported"))
    }

    @Test(arguments: [
        ("{\"type\": \"Polygon\", \"coordinates\": [[[5, 52], [5.1, 52], [5, 52]]]}", "ring 1: 3 positions; a ring needs at least 4"),
        ("{\"type\": \"Polygon\", \"coordinates\": [[[5, 52], [5.1, 52], [5.1, 52.1], [5, 52.1]]]}", "ring 1: not closed"),
        ("{\"type\": \"Polygon\", \"coordinates\": [[[5, 52], [5.1, 52], [5.2, 52], [5, 52]]]}", "ring 1: encloses no area"),
        (
            "{\"type\": \"Polygon\", \"coordinates\": [[[5, 52], [\"x\", 52], [5.2, 52], [5, 52]]]}",
            "ring 1, position 2: expected [x, y] numbers"
        ),
        ("{\"type\": \"Point\", \"coordinates\": [5, 52]}", "geometry: Point cannot outline an area"),
        ("{\"type\": \"MultiPolygon\", \"coordinates\": []}", "geometry: a MultiPolygon needs a list of polygons"),
        ("null", "has no geometry"),
    ])
    func badGeometryNamesFileFeatureAndWhatIsWrong(_ geometry: String, _ expected: String) {
        let message = inputError { _ = try GeoJSONReader.parse(collection(geometry), file: "w.geojson", codeProperty: nil, codes: ["WK1"]) }
        #expect(message.hasPrefix("w.geojson: feature 1 (WK1)"), "\(message)")
        #expect(message.contains(expected), "\(message)")
    }

    @Test func aCodeTwiceOrMissingIsAnError() {
        let square = "{\"type\": \"Polygon\", \"coordinates\": [[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.0]]]}"
        let feature = "{\"type\": \"Feature\", \"properties\": {\"code\": \"A\"}, \"geometry\": \(square)}"
        let twice = Data("{\"type\": \"FeatureCollection\", \"features\": [\(feature), \(feature)]}".utf8)
        #expect(
            inputError { _ = try GeoJSONReader.parse(twice, file: "f", codeProperty: nil, codes: ["A"]) }
                .contains("f: feature 2 (A): the code appears twice (first in feature 1)"))
        let noCode = Data(
            "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {}, \"geometry\": \(square)}]}".utf8)
        #expect(
            inputError { _ = try GeoJSONReader.parse(noCode, file: "f", codeProperty: "wk", codes: ["A"]) }.contains(
                "feature 1 has no code (looked for the property 'wk')"))
        #expect(
            inputError { _ = try GeoJSONReader.parse(Data("[1]".utf8), file: "f", codeProperty: nil, codes: []) }.contains(
                "not a GeoJSON FeatureCollection"))
    }
}
