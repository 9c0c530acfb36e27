/// SVG chart builders for documents. Each returns a `Chart` whose text alternative the caller
/// writes; every value is also printed as text in or beside the chart, so colour is never the
/// only carrier of meaning. Colours come from ColorBrewer's PuOr scheme (purple–orange,
/// colour-blind safe) with a grey middle.
package enum Charts {
    /// Diverging palettes by number of answer categories, disagree (orange) to agree (purple).
    package static func divergingPalette(_ k: Int) -> [String] {
        switch k {
        case 3: ["#e66101", "#cccccc", "#5e3c99"]
        case 5: ["#e66101", "#fdb863", "#cccccc", "#b2abd2", "#5e3c99"]
        case 7: ["#b35806", "#f1a340", "#fee0b6", "#cccccc", "#d8daeb", "#998ec3", "#542788"]
        default: (0..<k).map { i in colour(k > 1 ? Double(i) / Double(k - 1) : 0.5) }
        }
    }

    /// A colour for a share in 0…1 on the PuOr ramp: orange (0), light grey (0.5), purple (1).
    package static func colour(_ x: Double) -> String {
        let stops: [(Double, (Double, Double, Double))] = [
            (0, (230, 97, 1)), (0.25, (253, 184, 99)), (0.5, (240, 240, 240)), (0.75, (178, 171, 210)), (1, (94, 60, 153)),
        ]
        let v = min(1, max(0, x))
        var i = 0
        while i < stops.count - 2 && v > stops[i + 1].0 { i += 1 }
        let (a, ca) = stops[i]
        let (b, cb) = stops[i + 1]
        let t = (v - a) / (b - a)
        func channel(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * t).rounded()) }
        return hex(channel(ca.0, cb.0), channel(ca.1, cb.1), channel(ca.2, cb.2))
    }

    static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        let digits = Array("0123456789abcdef")
        return "#" + [r, g, b].map { String([digits[$0 / 16], digits[$0 % 16]]) }.joined()
    }

    /// Text on a fill: white on dark fills, black on light ones.
    static func ink(on fill: String) -> String {
        let v = Array(fill.utf8.dropFirst()).map { c -> Int in Int(c >= 97 ? c - 87 : c - 48) }
        guard v.count == 6 else { return "#000" }
        let r = Double(v[0] * 16 + v[1])
        let g = Double(v[2] * 16 + v[3])
        let b = Double(v[4] * 16 + v[5])
        return 0.299 * r + 0.587 * g + 0.114 * b < 140 ? "#fff" : "#000"
    }

    static func text(_ s: String) -> String { HTMLRenderer.escape(s) }

    /// A coordinate or value with at most one decimal ("12", "12.5"); "0" for what is not finite.
    package static func number(_ x: Double) -> String {
        guard x.isFinite, abs(x) < 1e12 else { return "0" }
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// The pattern `url(#<id>-hatch)` fills suppressed cells with: grey diagonal lines on white.
    package static func hatch(id: String, stroke: String) -> String {
        "<defs><pattern id=\"\(id)-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"\(stroke)\" stroke-width=\"2\"/></pattern></defs>"
    }

    /// Shortens a label to `limit` characters with an ellipsis; the full text goes in a `<title>`.
    static func short(_ s: String, _ limit: Int) -> String {
        s.count <= limit ? s : String(s.prefix(limit - 1)) + "…"
    }

    /// One row of a diverging stacked bar chart.
    package struct DivergingRow: Sendable {
        package var label: String
        /// Shares per answer category in scale order (disagree first), summing to 1.
        package var shares: [Double]
        /// The text printed at the row's end (e.g. "72% eens").
        package var value: String

        package init(label: String, shares: [Double], value: String) {
            self.label = label
            self.shares = shares
            self.value = value
        }
    }

    /// Diverging stacked bars: disagreement to the left of the centre line, agreement to the
    /// right, the neutral middle split over both sides (Robbins & Heiberger's layout).
    package static func diverging(id: String, title: String, summary: String, rows: [DivergingRow], legend: [String]) -> Chart {
        let labelWidth = 300
        let barWidth = 420
        let valueWidth = 90
        let rowHeight = 22
        let top = 34
        let width = labelWidth + barWidth + valueWidth
        let height = top + rows.count * rowHeight + 8
        let centre = Double(labelWidth) + Double(barWidth) / 2
        let scale = Double(barWidth) / 2
        let k = legend.count
        let palette = divergingPalette(k)
        var svg = ""
        // Legend across the top.
        var x = Double(labelWidth)
        for (i, name) in legend.enumerated() {
            svg += "<rect x=\"\(number(x))\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(palette[i])\"/>"
            svg += "<text x=\"\(number(x + 16))\" y=\"14\">\(text(name))</text>"
            x += 16 + Double(name.count) * 6.5 + 12
        }
        for (r, row) in rows.enumerated() {
            let y = top + r * rowHeight
            svg += "<g><title>\(text(row.label)): \(text(row.value))</title>"
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">\(text(short(row.label, 40)))</text>"
            let middle = k % 2 == 1 ? k / 2 : -1
            let left = (0..<k).filter { $0 < (k / 2) }.reduce(0.0) { $0 + row.shares[$1] } + (middle >= 0 ? row.shares[middle] / 2 : 0)
            var start = centre - left * scale
            for i in 0..<k where row.shares[i] > 0 {
                let w = row.shares[i] * scale
                svg +=
                    "<rect x=\"\(number(start))\" y=\"\(y + 3)\" width=\"\(number(w))\" height=\"\(rowHeight - 6)\" fill=\"\(palette[i])\"/>"
                if w > 26 {
                    svg +=
                        "<text x=\"\(number(start + w / 2))\" y=\"\(y + 15)\" text-anchor=\"middle\" font-size=\"10\" fill=\"\(ink(on: palette[i]))\">\(Int((row.shares[i] * 100).rounded()))</text>"
                }
                start += w
            }
            svg += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 15)\">\(text(row.value))</text></g>"
        }
        svg +=
            "<line x1=\"\(number(centre))\" x2=\"\(number(centre))\" y1=\"\(top - 4)\" y2=\"\(height - 4)\" stroke=\"#000\" stroke-width=\"1\"/>"
        return Chart(id: id, title: title, summary: summary, width: width, height: height, body: svg)
    }

    /// A heatmap of shares (0…1) with the value printed in every cell (as a percentage, or the
    /// given `labels`); nil cells are suppressed and drawn hatched with a dash.
    package static func heatmap(
        id: String, title: String, summary: String, rows: [String], columns: [String], values: [[Double?]],
        labels: [[String]]? = nil
    ) -> Chart {
        let labelWidth = 260
        let cell = 44
        let top = 96
        let width = labelWidth + columns.count * cell + 70
        let height = top + rows.count * 20 + 8
        var svg = hatch(id: id, stroke: "#bbb")
        for (c, name) in columns.enumerated() {
            let x = labelWidth + c * cell + cell / 2
            svg += "<text transform=\"translate(\(x + 4),\(top - 6)) rotate(-55)\" font-size=\"11\">\(text(short(name, 16)))</text>"
        }
        for (r, name) in rows.enumerated() {
            let y = top + r * 20
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 14)\" text-anchor=\"end\" font-size=\"11\">\(text(short(name, 34)))</text>"
            for (c, value) in values[r].enumerated() {
                let x = labelWidth + c * cell
                if let v = value {
                    let fill = colour(v)
                    let label = labels?[r][c] ?? "\(Int((v * 100).rounded()))"
                    svg +=
                        "<g><title>\(text(name)) — \(text(columns[c])): \(text(label))</title><rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"18\" fill=\"\(fill)\"/>"
                    svg +=
                        "<text x=\"\(x + cell / 2 - 1)\" y=\"\(y + 13)\" text-anchor=\"middle\" font-size=\"10\" fill=\"\(ink(on: fill))\">\(text(label))</text></g>"
                } else {
                    svg +=
                        "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"18\" fill=\"url(#\(id)-hatch)\"/><text x=\"\(x + cell / 2 - 1)\" y=\"\(y + 13)\" text-anchor=\"middle\" font-size=\"10\">–</text>"
                }
            }
        }
        return Chart(id: id, title: title, summary: summary, width: width, height: height, body: svg)
    }

    /// One bar of a bar chart, with an optional interval drawn as a whisker.
    package struct Bar: Sendable {
        package var label: String
        package var value: Double
        package var interval: (low: Double, high: Double)?
        package var text: String

        package init(label: String, value: Double, interval: (low: Double, high: Double)? = nil, text: String) {
            self.label = label
            self.value = value
            self.interval = interval
            self.text = text
        }
    }

    /// Horizontal bars scaled to `maximum`.
    package static func bars(id: String, title: String, summary: String, bars: [Bar], maximum: Double) -> Chart {
        let labelWidth = 240
        let barWidth = 360
        let rowHeight = 24
        let width = labelWidth + barWidth + 250
        let height = bars.count * rowHeight + 10
        let scale = maximum > 0 ? Double(barWidth) / maximum : 0
        var svg = ""
        for (i, bar) in bars.enumerated() {
            let y = 4 + i * rowHeight
            svg += "<g><title>\(text(bar.label)): \(text(bar.text))</title>"
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">\(text(short(bar.label, 36)))</text>"
            svg +=
                "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(number(max(0, bar.value) * scale))\" height=\"\(rowHeight - 8)\" fill=\"#5e3c99\"/>"
            var end = max(0, bar.value) * scale
            if let interval = bar.interval {
                let a = Double(labelWidth) + interval.low * scale
                let b = Double(labelWidth) + interval.high * scale
                let mid = Double(y) + Double(rowHeight) / 2 - 1
                svg +=
                    "<path d=\"M\(number(a)) \(number(mid))H\(number(b))M\(number(a)) \(number(mid - 5))v10M\(number(b)) \(number(mid - 5))v10\" stroke=\"#e66101\" stroke-width=\"2\" fill=\"none\"/>"
                end = max(end, interval.high * scale)
            }
            svg += "<text x=\"\(number(Double(labelWidth) + end + 6))\" y=\"\(y + 15)\">\(text(bar.text))</text></g>"
        }
        return Chart(id: id, title: title, summary: summary, width: width, height: height, body: svg)
    }

    /// One labelled circle on a map.
    package struct Bubble: Sendable {
        package var label: String
        package var x: Double
        package var y: Double
        /// Area is proportional to this.
        package var size: Double
        package var text: String

        package init(label: String, x: Double, y: Double, size: Double, text: String) {
            self.label = label
            self.x = x
            self.y = y
            self.size = size
            self.text = text
        }
    }

    /// Bubbles placed by (x, y) — e.g. opinion groups at their centre on the two principal
    /// components — with area by size, and optional density cells behind them.
    package static func bubbles(
        id: String, title: String, summary: String, bubbles: [Bubble], axes: (String, String),
        density: [(x: Double, y: Double, count: Int)] = []
    ) -> Chart {
        let width = 560
        let height = 420
        let pad = 48.0
        let xs = bubbles.map(\.x) + density.map(\.x)
        let ys = bubbles.map(\.y) + density.map(\.y)
        let (x0, x1) = (xs.min() ?? -1, xs.max() ?? 1)
        let (y0, y1) = (ys.min() ?? -1, ys.max() ?? 1)
        let sx = (Double(width) - 2 * pad) / max(x1 - x0, 1e-9)
        let sy = (Double(height) - 2 * pad) / max(y1 - y0, 1e-9)
        func px(_ x: Double) -> Double { pad + (x - x0) * sx }
        func py(_ y: Double) -> Double { Double(height) - pad - (y - y0) * sy }
        var svg = "<rect x=\"1\" y=\"1\" width=\"\(width - 2)\" height=\"\(height - 2)\" fill=\"none\" stroke=\"#ddd\"/>"
        svg += "<text x=\"\(width / 2)\" y=\"\(height - 10)\" text-anchor=\"middle\" fill=\"#555\">\(text(axes.0))</text>"
        svg += "<text transform=\"translate(16,\(height / 2)) rotate(-90)\" text-anchor=\"middle\" fill=\"#555\">\(text(axes.1))</text>"
        let densest = Double(density.map(\.count).max() ?? 1)
        for cell in density {
            svg +=
                "<circle cx=\"\(number(px(cell.x)))\" cy=\"\(number(py(cell.y)))\" r=\"3\" fill=\"#999\" fill-opacity=\"\(number(0.15 + 0.6 * Double(cell.count) / densest))\"/>"
        }
        let largest = bubbles.map(\.size).max() ?? 1
        let palette = ["#5e3c99", "#e66101", "#1b9e77", "#b2abd2", "#fdb863"]
        for (i, bubble) in bubbles.enumerated() {
            let r = 12 + 38 * (bubble.size / largest).squareRoot()
            let fill = palette[i % palette.count]
            svg +=
                "<g><title>\(text(bubble.label)): \(text(bubble.text))</title><circle cx=\"\(number(px(bubble.x)))\" cy=\"\(number(py(bubble.y)))\" r=\"\(number(r))\" fill=\"\(fill)\" fill-opacity=\"0.55\" stroke=\"\(fill)\" stroke-width=\"2\"/>"
            svg +=
                "<text x=\"\(number(px(bubble.x)))\" y=\"\(number(py(bubble.y) + 4))\" text-anchor=\"middle\" font-weight=\"bold\">\(text(bubble.label))</text>"
            svg +=
                "<text x=\"\(number(px(bubble.x)))\" y=\"\(number(py(bubble.y) + r + 14))\" text-anchor=\"middle\" font-size=\"11\">\(text(bubble.text))</text></g>"
        }
        return Chart(id: id, title: title, summary: summary, width: width, height: height, body: svg)
    }
}
