/// Two-sided 95 % quantiles of Student's t distribution (the 0.975 quantile).
enum StudentT {
    /// t₀.₉₇₅ for 1…30 degrees of freedom (standard tables, 4 decimals).
    static let small: [Double] = [
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
        2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
        2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
    ]
    /// Beyond 30: (df, t) points, interpolated linearly in 1/df; the normal 1.9600 at infinity.
    static let large: [(Int, Double)] = [(30, 2.0423), (40, 2.0211), (50, 2.0086), (60, 2.0003), (80, 1.9901), (100, 1.9840), (120, 1.9799)]

    /// The 0.975 quantile of t with `df` ≥ 1 degrees of freedom (error < 0.001 between table points).
    static func quantile975(df: Int) -> Double {
        precondition(df >= 1, "t needs at least one degree of freedom")
        if df <= 30 { return small[df - 1] }
        let x = 1 / Double(df)
        for (a, b) in zip(large, large.dropFirst()) where df <= b.0 {
            let xa = 1 / Double(a.0), xb = 1 / Double(b.0)
            return a.1 + (b.1 - a.1) * (xa - x) / (xa - xb)
        }
        // 120 … ∞: interpolate in 1/df towards the normal quantile.
        let last = large[large.count - 1]
        return 1.9600 + (last.1 - 1.9600) * x * Double(last.0)
    }
}
