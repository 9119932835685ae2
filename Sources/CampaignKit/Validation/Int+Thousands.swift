extension Int {
    /// `20000` as `20,000`, for counts in diagnostics (no locale: the same text everywhere).
    var thousands: String {
        let digits = String(self.magnitude)
        var out = self < 0 ? "-" : ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }
}
