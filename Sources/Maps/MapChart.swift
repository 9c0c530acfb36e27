package import Documents
import DraagvlakCore
import Foundation

/// A map made ready for drawing: each category of a dimension joined to its area, projected,
/// fitted into a box and simplified, once, so a document can draw it many times (a map per
/// theme and per statement) at the cost of one.
package struct PreparedMap: Sendable {
    /// One category's outline as an SVG path, and where its label goes.
    package struct Shape: Sendable {
        package var category: String
        package var label: String
        package var path: String
        package var labelAt: Point
    }

    package var shapes: [Shape]
    package var width: Int
    package var height: Int
    /// Points in the file and in the drawing, to report how much simplification saved.
    package var pointsRead: Int
    package var pointsDrawn: Int

    /// Joins `categories` (code, the code of its area in the map, label) to `map`'s areas and
    /// prepares them to be drawn in a box `width` wide and at most `maxHeight` high. Outlines
    /// are simplified (Douglas–Peucker) to within `tolerance` pixels. Throws when a category
    /// has no area in the map.
    package init(
        _ map: BoundaryMap, categories: [(code: String, area: String, label: String)], file: String,
        width: Int = 420, maxHeight: Int = 420, tolerance: Double = 0.4
    ) throws {
        let byCode = Dictionary(map.areas.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let missing = categories.filter { byCode[$0.area] == nil }
        guard missing.isEmpty else {
            throw InputError(
                "\(file): no area for \(missing.map { "'\($0.code)' (code \($0.area))" }.joined(separator: ", ")): no feature in the file has \(missing.count == 1 ? "that code" : "those codes") (see `property` and `codes` under `maps` in consultation.yaml)"
            )
        }
        let projection = Projection(map)
        let projected = categories.map { category in
            byCode[category.area]!.polygons.map { $0.map { $0.map(projection.project) } }
        }
        let all = projected.flatMap { $0.flatMap { $0.flatMap { $0 } } }
        let minX = all.map(\.x).min() ?? 0
        let maxX = all.map(\.x).max() ?? 1
        let minY = all.map(\.y).min() ?? 0
        let maxY = all.map(\.y).max() ?? 1
        let margin = 8.0
        let scale = min(
            (Double(width) - 2 * margin) / max(maxX - minX, 1e-9), (Double(maxHeight) - 2 * margin) / max(maxY - minY, 1e-9))
        self.width = width
        height = Int(((maxY - minY) * scale + 2 * margin).rounded(.up))
        func place(_ p: Point) -> Point { Point(margin + (p.x - minX) * scale, margin + (maxY - p.y) * scale) }
        var read = 0
        var drawn = 0
        shapes = zip(categories, projected).map { category, polygons in
            var path = ""
            var largest = (area: -1.0, ring: Ring())
            for polygon in polygons {
                for (r, ring) in polygon.enumerated() {
                    let placed = PlaneGeometry.simplify(ring.map(place), tolerance: tolerance)
                    read += ring.count
                    drawn += placed.count
                    if r == 0, abs(PlaneGeometry.signedArea(placed)) > largest.area {
                        largest = (abs(PlaneGeometry.signedArea(placed)), placed)
                    }
                    path += "M" + placed.dropLast().map { "\(Charts.number($0.x)) \(Charts.number($0.y))" }.joined(separator: "L") + "Z"
                }
            }
            // The centroid, kept inside the ring's box (a self-crossing ring can put it anywhere).
            let xs = largest.ring.map(\.x)
            let ys = largest.ring.map(\.y)
            let c = PlaneGeometry.centroid(largest.ring)
            let at = Point(
                c.x.isFinite ? min(max(c.x, xs.min() ?? 0), xs.max() ?? 0) : xs.min() ?? 0,
                c.y.isFinite ? min(max(c.y, ys.min() ?? 0), ys.max() ?? 0) : ys.min() ?? 0)
            return Shape(category: category.code, label: category.label, path: path, labelAt: at)
        }
        pointsRead = read
        pointsDrawn = drawn
    }
}

/// Maps drawn as SVG charts: a choropleth of shares, or areas coloured by kind. Every area's
/// value is printed on it and in its `<title>`, and the chart's summary lists them all, so the
/// map is never the only carrier of a figure.
package enum MapCharts {
    /// What one area shows.
    package enum Fill: Sendable {
        /// A share in 0…1, on the vision's purple–orange ramp.
        case share(Double)
        /// A fixed colour with its meaning (a legend entry).
        case colour(String, legend: String)
        /// Suppressed: too few people to show; drawn hatched, with no value.
        case suppressed
    }

    /// One area of a map chart: its category, fill and the text printed with it.
    package struct Cell: Sendable {
        package var category: String
        package var fill: Fill
        /// Printed on the area and in its title.
        package var text: String
        /// Added to the area's title only (too long to print on it).
        package var detail: String

        package init(category: String, fill: Fill, text: String, detail: String = "") {
            self.category = category
            self.fill = fill
            self.text = text
            self.detail = detail
        }
    }

    /// Draws `map` with `cells` (by category; areas without a cell are drawn white).
    /// `rampLegend` labels the ends of the share legend; `suppressedLegend` the hatched swatch.
    package static func map(
        id: String, title: String, summary: String, map: PreparedMap, cells: [Cell],
        rampLegend: (low: String, high: String)? = nil, suppressedLegend: String
    ) -> Chart {
        let byCategory = Dictionary(cells.map { ($0.category, $0) }, uniquingKeysWith: { a, _ in a })
        let legendHeight = 44
        var svg = Charts.hatch(id: id, stroke: "#999")
        svg += "<g class=\"map\">"
        var labels = ""
        for shape in map.shapes {
            let cell = byCategory[shape.category]
            let fill: String
            var attributes = "class=\"area\" data-category=\"\(HTMLRenderer.escape(shape.category))\""
            switch cell?.fill {
            case .share(let v)?:
                fill = Charts.colour(v)
                attributes += " data-value=\"\(Charts.number(v * 100))\""
            case .colour(let colour, _)?: fill = colour
            case .suppressed?:
                fill = "url(#\(id)-hatch)"
                attributes += " data-suppressed=\"true\""
            case nil: fill = "#fff"
            }
            let text = cell?.text ?? ""
            let title = [text, cell?.detail ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
            svg +=
                "<path \(attributes) d=\"\(shape.path)\" fill=\"\(fill)\" fill-rule=\"evenodd\" stroke=\"#555\" stroke-width=\"1\"><title>\(HTMLRenderer.escape(shape.label))\(title.isEmpty ? "" : ": " + HTMLRenderer.escape(title))</title></path>"
            let x = Charts.number(shape.labelAt.x)
            let y = shape.labelAt.y
            labels +=
                "<text x=\"\(x)\" y=\"\(Charts.number(y - 2))\" text-anchor=\"middle\" font-size=\"11\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">\(HTMLRenderer.escape(shape.label))</text>"
            if !text.isEmpty {
                labels +=
                    "<text x=\"\(x)\" y=\"\(Charts.number(y + 11))\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">\(HTMLRenderer.escape(text))</text>"
            }
        }
        svg += "</g><g class=\"labels\" aria-hidden=\"true\">\(labels)</g>"
        // Legend: the ramp (or the kinds), then the hatched swatch.
        let top = map.height + 8
        var x = 8
        if let rampLegend {
            let steps = 10
            for i in 0..<steps {
                svg +=
                    "<rect x=\"\(x + i * 16)\" y=\"\(top)\" width=\"16\" height=\"12\" fill=\"\(Charts.colour((Double(i) + 0.5) / Double(steps)))\"/>"
            }
            svg += "<text x=\"\(x)\" y=\"\(top + 26)\" font-size=\"11\">\(HTMLRenderer.escape(rampLegend.low))</text>"
            svg += "<text x=\"\(x + steps * 8)\" y=\"\(top + 26)\" text-anchor=\"middle\" font-size=\"11\">50%</text>"
            svg +=
                "<text x=\"\(x + steps * 16)\" y=\"\(top + 26)\" text-anchor=\"end\" font-size=\"11\">\(HTMLRenderer.escape(rampLegend.high))</text>"
            x += steps * 16 + 20
        }
        var kinds: [(String, String)] = []
        for cell in cells {
            if case .colour(let colour, let legend) = cell.fill, !kinds.contains(where: { $0.0 == colour }) {
                kinds.append((colour, legend))
            }
        }
        for (colour, legend) in kinds {
            svg += "<rect x=\"\(x)\" y=\"\(top)\" width=\"12\" height=\"12\" fill=\"\(colour)\" stroke=\"#555\"/>"
            svg += "<text x=\"\(x + 16)\" y=\"\(top + 10)\" font-size=\"11\">\(HTMLRenderer.escape(legend))</text>"
            x += 16 + legend.count * 6 + 14
        }
        if cells.contains(where: { if case .suppressed = $0.fill { true } else { false } }) {
            svg += "<rect x=\"\(x)\" y=\"\(top)\" width=\"12\" height=\"12\" fill=\"url(#\(id)-hatch)\" stroke=\"#555\"/>"
            svg += "<text x=\"\(x + 16)\" y=\"\(top + 10)\" font-size=\"11\">\(HTMLRenderer.escape(suppressedLegend))</text>"
        }
        return Chart(id: id, title: title, summary: summary, width: map.width, height: map.height + legendHeight, body: svg)
    }
}
