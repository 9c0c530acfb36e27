import DraagvlakCore
import Testing

@testable import Maps

@Suite struct MapChartTests {
    func dijkwaard() throws -> PreparedMap {
        let map = try GeoJSONReader.read(fixture("dijkwaard-wijken.geojson"), displayName: "w", codeProperty: nil, codes: dijkwaardCodes)
        let categories = ["centrum", "noord", "oost", "zuid", "west", "dorpen"].enumerated().map {
            (code: $1, area: "WK99990\($0 + 1)", label: $1.capitalized)
        }
        return try PreparedMap(map, categories: categories, file: "w")
    }

    @Test func fitsTheBoxAndSimplifies() throws {
        let map = try dijkwaard()
        #expect(map.width == 420 && map.height <= 420 && map.height > 200)
        #expect(map.shapes.map(\.category) == ["centrum", "noord", "oost", "zuid", "west", "dorpen"])
        #expect(map.pointsDrawn < map.pointsRead)
        for shape in map.shapes {
            #expect((0...420).contains(shape.labelAt.x) && (0...Double(map.height)).contains(shape.labelAt.y))
        }
    }

    @Test func aCategoryWithoutAnAreaIsAnError() throws {
        let map = try GeoJSONReader.read(fixture("dijkwaard-wijken.geojson"), displayName: "w", codeProperty: nil, codes: dijkwaardCodes)
        let message = inputError {
            _ = try PreparedMap(map, categories: [(code: "haven", area: "WK999999", label: "Haven")], file: "w.geojson")
        }
        #expect(message.hasPrefix("w.geojson: no area for 'haven' (code WK999999)"))
    }

    /// A shown area is filled with its value's colour and carries it; a suppressed one is hatched
    /// and carries no value at all, not in its attributes, title or label.
    @Test func suppressedAreasAreHatchedWithoutAValue() throws {
        let map = try dijkwaard()
        let chart = MapCharts.map(
            id: "m", title: "T", summary: "S", map: map,
            cells: [
                .init(category: "noord", fill: .share(0.62), text: "62%"), .init(category: "dorpen", fill: .suppressed, text: ""),
            ], rampLegend: ("0%", "100%"), suppressedLegend: "niet getoond")
        let paths = chart.body.components(separatedBy: "<path ").dropFirst()
        #expect(paths.count == 6)
        let noord = try #require(paths.first { $0.contains("data-category=\"noord\"") })
        #expect(noord.contains("data-value=\"62\"") && noord.contains("fill=\"#") && noord.contains("<title>Noord: 62%</title>"))
        let dorpen = try #require(paths.first { $0.contains("data-category=\"dorpen\"") })
        #expect(dorpen.contains("fill=\"url(#m-hatch)\"") && dorpen.contains("data-suppressed=\"true\""))
        #expect(!dorpen.contains("data-value") && dorpen.contains("<title>Dorpen</title>"))
        #expect(chart.body.contains("niet getoond"))
    }
}
