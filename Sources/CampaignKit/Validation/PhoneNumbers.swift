/// Phone numbers in free text, checked against the North American Numbering Plan.
enum PhoneNumbers {
    struct Found { var text: String; var wellFormed: Bool }

    /// Runs of digits joined by `-`, `.` or parentheses (a space only after `)`), with 7–12 digits and at least one separator.
    static func find(in text: String) -> [Found] {
        var found: [Found] = []
        var run = ""
        func flush() {
            while let last = run.last, !last.isASCIIDigitOnly { run.removeLast() }
            let digits = run.filter(\.isASCIIDigitOnly).count
            if (7...12).contains(digits), run.contains(where: { !$0.isASCIIDigitOnly }) {
                found.append(Found(text: run, wellFormed: isWellFormedPhone(run)))
            }
            run = ""
        }
        for c in text {
            if c.isASCIIDigitOnly || "-.()".contains(c) || (c == " " && run.last == ")") {
                if run.isEmpty, !(c.isASCIIDigitOnly || c == "(") { continue }
                run.append(c)
            } else {
                flush()
            }
        }
        flush()
        return found
    }

    /// `NXXNXXXXXX` or `1NXXNXXXXXX`, N = 2–9.
    static func isNANP(_ digits: String) -> Bool {
        var d = Array(digits)
        if d.count == 11, d[0] == "1" { d.removeFirst() }
        guard d.count == 10 else { return false }
        return d[0] >= "2" && d[3] >= "2"
    }

    /// A hotline's phone field: exactly one NANP number.
    static func isWellFormedPhone(_ text: String) -> Bool {
        let digits = text.filter(\.isASCIIDigitOnly)
        let allowed = text.allSatisfy { $0.isASCIIDigitOnly || "-. ()+".contains($0) }
        let groups = text.split { !$0.isASCIIDigitOnly }.map(\.count)
        let grouped = groups == [10] || groups == [11] || groups == [3, 3, 4] || groups == [1, 3, 3, 4]
        return allowed && grouped && isNANP(digits)
    }
}
