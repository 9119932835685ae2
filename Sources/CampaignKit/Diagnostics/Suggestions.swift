/// "Did you mean …?" suggestions by edit distance.
public enum Suggestions {
    /// The closest candidate within a distance that still looks like a typo, or nil.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        var best: (candidate: String, distance: Int, prefix: Int)?
        let limit = max(2, lowered.count / 3)
        for candidate in candidates {
            let c = candidate.lowercased()
            let d = distance(lowered, c)
            guard d <= limit else { continue }
            // Ties go to the longer common prefix, then to alphabetical order, so the hint never depends on hashing.
            let prefix = zip(lowered, c).prefix { $0 == $1 }.count
            if let b = best, (d, -prefix, candidate) >= (b.distance, -b.prefix, b.candidate) { continue }
            best = (candidate, d, prefix)
        }
        return best?.candidate
    }

    /// Levenshtein distance over Unicode scalars.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    static func hint(_ word: String, _ candidates: some Sequence<String>) -> [String] {
        closest(to: word, in: candidates).map { ["did you mean '\($0)'?"] } ?? []
    }
}
