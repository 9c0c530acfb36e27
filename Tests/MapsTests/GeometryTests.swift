import Foundation
import Testing

@testable import Maps

@Suite struct GeometryTests {
    let square: Ring = [Point(0, 0), Point(4, 0), Point(4, 4), Point(0, 4), Point(0, 0)]

    @Test func shoelaceAreaAndCentroidByHand() {
        #expect(PlaneGeometry.signedArea(square) == 16)
        #expect(PlaneGeometry.signedArea(square.reversed()) == -16)
        #expect(PlaneGeometry.centroid(square) == Point(2, 2))
        // An L of three unit squares: area 3, centroid ((0.5+1.5+0.5)/3, (0.5+0.5+1.5)/3).
        let l: Ring = [Point(0, 0), Point(2, 0), Point(2, 1), Point(1, 1), Point(1, 2), Point(0, 2), Point(0, 0)]
        #expect(PlaneGeometry.signedArea(l) == 3)
        let c = PlaneGeometry.centroid(l)
        #expect(abs(c.x - 2.5 / 3) < 1e-12 && abs(c.y - 2.5 / 3) < 1e-12)
    }

    /// Douglas–Peucker by hand: on the square's bottom edge a point 0.3 off the chord goes at
    /// tolerance 0.5 and stays at 0.2; collinear points always go; corners always stay.
    @Test func douglasPeuckerByHand() {
        let ring: Ring = [Point(0, 0), Point(1, 0), Point(2, -0.3), Point(3, 0), Point(4, 0), Point(4, 4), Point(0, 4), Point(0, 0)]
        #expect(PlaneGeometry.simplify(ring, tolerance: 0.5) == square)
        #expect(
            PlaneGeometry.simplify(ring, tolerance: 0.2) == [
                Point(0, 0), Point(2, -0.3), Point(4, 0), Point(4, 4), Point(0, 4), Point(0, 0),
            ])
        #expect(PlaneGeometry.simplify(ring, tolerance: 0) == ring)
    }

    @Test func aRingIsNeverSimplifiedBelowFourPoints() {
        let thin: Ring = [Point(0, 0), Point(10, 0), Point(10, 0.1), Point(5, 0.05), Point(0, 0)]
        #expect(PlaneGeometry.simplify(thin, tolerance: 1).count >= 4)
    }

    @Test func wgs84IsProjectedWithTheMiddleLatitudesCosine() {
        let map = BoundaryMap(
            referenceSystem: .wgs84, areas: [Area(code: "A", polygons: [[[Point(5, 52), Point(6, 52), Point(6, 54), Point(5, 52)]]])])
        let projection = Projection(map)
        let p = projection.project(Point(1, 1))
        #expect(abs(p.x - cos(53 * Double.pi / 180) * 111_194.93) < 1)
        #expect(abs(p.y - 111_194.93) < 1)
        let rd = Projection(BoundaryMap(referenceSystem: .rdNew, areas: []))
        #expect(rd.project(Point(155_000, 463_000)) == Point(155_000, 463_000))
    }
}
