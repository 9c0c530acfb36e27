import DraagvlakCore
import Foundation

/// The outlines of a demographic dimension's areas (districts, neighbourhoods), read from a
/// boundaries file and joined to the dimension's categories, so documents can draw them as a map.
///
/// Coordinates are kept in the file's reference system; `Projection` turns them into a plane
/// for drawing. Nothing here knows about surveys or support: a map is areas with codes.
package struct BoundaryMap: Sendable {
    /// The reference system of a file's coordinates.
    package enum ReferenceSystem: Sendable {
        /// Longitude and latitude in degrees (GeoJSON's default, EPSG:4326 / CRS84).
        case wgs84
        /// Rijksdriehoeksstelsel, the Dutch national grid, in metres (EPSG:28992).
        case rdNew
    }

    package var referenceSystem: ReferenceSystem
    package var areas: [Area]

    package init(referenceSystem: ReferenceSystem, areas: [Area]) {
        self.referenceSystem = referenceSystem
        self.areas = areas
    }
}

/// One area of a map: its code in the file (a CBS `WK…`/`BU…` code or the file's own) and its
/// outline as polygons, each an outer ring followed by any holes.
package struct Area: Sendable {
    package var code: String
    package var name: String?
    package var polygons: [[Ring]]

    package init(code: String, name: String? = nil, polygons: [[Ring]]) {
        self.code = code
        self.name = name
        self.polygons = polygons
    }
}

/// A point in the file's or the drawing's coordinates.
package struct Point: Sendable, Hashable {
    package var x: Double
    package var y: Double

    package init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// A closed ring of points: the first point is repeated as the last.
package typealias Ring = [Point]

/// Turns a map's coordinates into a plane in metres: RD New is one already; WGS84 is projected
/// equirectangularly about the map's middle latitude (x scaled by its cosine), which within a
/// municipality deforms shapes by far less than a pixel.
package struct Projection: Sendable {
    let referenceSystem: BoundaryMap.ReferenceSystem
    let cosine: Double

    package init(_ map: BoundaryMap) {
        referenceSystem = map.referenceSystem
        let ys = map.areas.flatMap { $0.polygons.flatMap { $0.flatMap { $0.map(\.y) } } }
        let middle = ys.isEmpty ? 0 : (ys.min()! + ys.max()!) / 2
        cosine = cos(middle * .pi / 180)
    }

    /// Metres east and north of an arbitrary origin.
    package func project(_ p: Point) -> Point {
        switch referenceSystem {
        case .rdNew: p
        case .wgs84: Point(p.x * cosine * Self.metresPerDegree, p.y * Self.metresPerDegree)
        }
    }

    /// The length of one degree of latitude on a sphere of the Earth's mean radius (6,371 km).
    static let metresPerDegree = 6_371_000 * Double.pi / 180
}

/// Plane geometry on rings: area, centroid and simplification.
package enum PlaneGeometry {
    /// The signed area of a closed ring (shoelace formula): positive when counter-clockwise.
    package static func signedArea(_ ring: Ring) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        for i in 0..<(ring.count - 1) {
            sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y
        }
        return sum / 2
    }

    /// The centroid of a closed ring's enclosed area; the mean of its points when it has none.
    package static func centroid(_ ring: Ring) -> Point {
        let a = signedArea(ring)
        guard abs(a) > 0 else {
            let n = Double(max(1, ring.count))
            return Point(ring.map(\.x).reduce(0, +) / n, ring.map(\.y).reduce(0, +) / n)
        }
        var cx = 0.0
        var cy = 0.0
        for i in 0..<(ring.count - 1) {
            let cross = ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y
            cx += (ring[i].x + ring[i + 1].x) * cross
            cy += (ring[i].y + ring[i + 1].y) * cross
        }
        return Point(cx / (6 * a), cy / (6 * a))
    }

    /// Douglas–Peucker simplification (Douglas & Peucker 1973): keeps the ring's end points and,
    /// recursively, the point farthest from the chord between two kept points while that distance
    /// exceeds `tolerance`. A closed ring is split at its point farthest from its start, so both
    /// halves have a chord; a ring that would fall below four points is kept as it is.
    package static func simplify(_ ring: Ring, tolerance: Double) -> Ring {
        guard ring.count > 4, tolerance > 0 else { return ring }
        var keep = [Bool](repeating: false, count: ring.count)
        keep[0] = true
        keep[ring.count - 1] = true
        var far = 0
        var farthest = -1.0
        for i in 1..<(ring.count - 1) {
            let d = hypot(ring[i].x - ring[0].x, ring[i].y - ring[0].y)
            if d > farthest { (far, farthest) = (i, d) }
        }
        keep[far] = true
        var stack = [(0, far), (far, ring.count - 1)]
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            var index = first
            var distance = -1.0
            for i in (first + 1)..<last {
                let d = segmentDistance(ring[i], ring[first], ring[last])
                if d > distance { (index, distance) = (i, d) }
            }
            if distance > tolerance {
                keep[index] = true
                stack.append((first, index))
                stack.append((index, last))
            }
        }
        let kept = ring.indices.filter { keep[$0] }.map { ring[$0] }
        return kept.count >= 4 ? kept : ring
    }

    /// The distance from `p` to the segment from `a` to `b`.
    static func segmentDistance(_ p: Point, _ a: Point, _ b: Point) -> Double {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let length = dx * dx + dy * dy
        guard length > 0 else { return hypot(p.x - a.x, p.y - a.y) }
        let t = max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length))
        return hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))
    }
}

/// The checks every ring passes, whatever file it came from: enough points, closed, finite,
/// and inside the reference system's domain (which catches RD coordinates in a file that
/// names none; swapped axes within the Netherlands are not caught).
enum RingCheck {
    static func checked(_ points: [Point], place: String, system: BoundaryMap.ReferenceSystem) throws -> Ring {
        guard points.count >= 4 else { throw InputError("\(place): \(points.count) positions; a ring needs at least 4") }
        guard points.first == points.last else { throw InputError("\(place): not closed (its last position differs from its first)") }
        for (i, p) in points.enumerated() {
            guard p.x.isFinite, p.y.isFinite else { throw InputError("\(place), position \(i + 1): not a finite number") }
            switch system {
            case .wgs84 where !(-180...180).contains(p.x) || !(-90...90).contains(p.y):
                throw InputError(
                    "\(place), position \(i + 1): [\(p.x), \(p.y)] is no longitude/latitude; a file in RD New must say so in \"crs\" (EPSG:28992)"
                )
            case .rdNew where !(-7_000...300_000).contains(p.x) || !(289_000...629_000).contains(p.y):
                throw InputError("\(place), position \(i + 1): [\(p.x), \(p.y)] lies outside RD New's domain (the Netherlands)")
            default: break
            }
        }
        guard PlaneGeometry.signedArea(points) != 0 else { throw InputError("\(place): encloses no area") }
        return points
    }
}
