import Foundation

/// Interval and summary statistics for shares, as docs/METHOD.md §1–§3 define them.
package enum Proportion {
    /// The 95% (or `confidence`) Wilson score interval for share `p` out of `n` (effective) answers.
    package static func wilson(_ p: Double, n: Double, confidence: Double = 0.95) -> (low: Double, high: Double) {
        guard n > 0 else { return (0, 1) }
        let z = normalQuantile(0.5 + confidence / 2)
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * ((p * (1 - p) / n + z2 / (4 * n * n)).squareRoot())
        return (max(0, centre - half), min(1, centre + half))
    }

    /// Newcombe's hybrid score interval for the difference p₁ − p₂ of two independent shares
    /// (Newcombe 1998, method 10), from each share's Wilson interval on its (effective) n:
    /// [d − √((p₁−l₁)² + (u₂−p₂)²), d + √((u₁−p₁)² + (p₂−l₂)²)], d = p₁ − p₂.
    package static func newcombe(_ p1: Double, n1: Double, _ p2: Double, n2: Double, confidence: Double = 0.95)
        -> (low: Double, high: Double)
    {
        let (l1, u1) = wilson(p1, n: n1, confidence: confidence)
        let (l2, u2) = wilson(p2, n: n2, confidence: confidence)
        let d = p1 - p2
        let below = ((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)).squareRoot()
        let above = ((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)).squareRoot()
        return (d - below, d + above)
    }

    /// Kish's effective sample size (Σw)²/Σw².
    package static func effectiveN(sum: Double, sumOfSquares: Double) -> Double {
        sumOfSquares > 0 ? sum * sum / sumOfSquares : 0
    }

    /// Smoothed group agreement (A + 1)/(S + 2) of docs/METHOD.md §3, as Polis computes it.
    package static func smoothed(agree: Double, seen: Double) -> Double {
        (agree + 1) / (seen + 2)
    }

    /// The standard normal quantile to full double precision: Acklam's rational approximation
    /// (relative error < 1.2e-9), refined by one Halley step on erfc, as Acklam proposes.
    package static func normalQuantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p <= 0 ? -.infinity : .infinity }
        let x = acklam(p)
        let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        return x - u / (1 + x * u / 2)
    }

    static func acklam(_ p: Double) -> Double {
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
            2.506628277459239e+00,
        ]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
            2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5
        let r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}

/// Agreement measures for an ordinal (Likert) distribution, docs/METHOD.md §3.
package enum OrdinalAgreement {
    /// Tastle–Wierman consensus 1 + Σ pᵢ·log₂(1 − |Xᵢ − μ|/d), d the width of the scale: 1 when
    /// everyone gives the same answer, 0 when answers split over the two ends.
    package static func tastleWierman(_ counts: [Double]) -> Double? {
        let total = counts.reduce(0, +)
        guard total > 0, counts.count > 1 else { return nil }
        let shares = counts.map { $0 / total }
        let mean = shares.enumerated().reduce(0) { $0 + $1.element * Double($1.offset + 1) }
        let width = Double(counts.count - 1)
        var sum = 0.0
        for (i, p) in shares.enumerated() where p > 0 {
            sum += p * log2(1 - abs(Double(i + 1) - mean) / width)
        }
        return 1 + sum
    }

    /// Leik's ordinal dispersion: 0 when all answers are in one category, 1 when split over the ends.
    package static func leik(_ counts: [Double]) -> Double? {
        let total = counts.reduce(0, +)
        guard total > 0, counts.count > 1 else { return nil }
        var cumulative = 0.0
        var sum = 0.0
        for count in counts.dropLast() {
            cumulative += count / total
            sum += cumulative <= 0.5 ? cumulative : 1 - cumulative
        }
        return 2 * sum / Double(counts.count - 1)
    }

    /// Van der Eijk's agreement A (2001): the distribution is split into layers of equal height;
    /// each layer's pattern of empty and non-empty categories gives an agreement
    /// A = U·(1 − (S − 1)/(K − 1)), and A is the layers' average weighted by their size.
    /// 1 when everyone gives one answer, 0 for a uniform spread, −1 for a split over both ends.
    package static func vanDerEijk(_ counts: [Double]) -> Double? {
        let k = counts.count
        let total = counts.reduce(0, +)
        guard total > 0, k > 2 else { return nil }
        var remaining = counts
        var result = 0.0
        while let height = remaining.filter({ $0 > 0 }).min() {
            let pattern = remaining.map { $0 > 0 }
            let weight = height * Double(pattern.filter { $0 }.count) / total
            result += weight * layerAgreement(pattern)
            remaining = remaining.map { $0 > 0 ? $0 - height : 0 }
        }
        return result
    }

    /// A for one layer: U = ((K − 2)·TU − (K − 1)·TDU) / ((K − 2)·(TU + TDU)), S = non-empty categories.
    static func layerAgreement(_ pattern: [Bool]) -> Double {
        let k = pattern.count
        let s = pattern.filter { $0 }.count
        if s == 1 { return 1 }
        // Count triples (i < j < l) of "1-0-1" (bimodal, TDU) and "1-1-0"/"0-1-1" (unimodal, TU).
        var tu = 0.0
        var tdu = 0.0
        for i in 0..<k {
            for j in (i + 1)..<k {
                for l in (j + 1)..<k {
                    let (a, b, c) = (pattern[i], pattern[j], pattern[l])
                    if a && !b && c { tdu += 1 }
                    if (a && b && !c) || (!a && b && c) { tu += 1 }
                }
            }
        }
        let kk = Double(k)
        let u = tu + tdu == 0 ? 1 : ((kk - 2) * tu - (kk - 1) * tdu) / ((kk - 2) * (tu + tdu))
        return u * (1 - Double(s - 1) / (kk - 1))
    }

    /// The interpolated median of an ordinal distribution over the values 1…k. When half the
    /// answers end exactly at a category followed by empty ones, the median is the middle of
    /// that gap (for 5, 0, 0, 0, 5: 3).
    package static func interpolatedMedian(_ counts: [Double]) -> Double? {
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        var below = 0.0
        for (i, count) in counts.enumerated() {
            if count > 0, below + count >= total / 2 {
                if below + count == total / 2, let next = counts.indices.first(where: { $0 > i && counts[$0] > 0 }) {
                    return Double(i + 1 + next + 1) / 2
                }
                return Double(i + 1) - 0.5 + (total / 2 - below) / count
            }
            below += count
        }
        return Double(counts.count)
    }
}
