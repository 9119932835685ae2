import Foundation

/// Reads the comma-separated files Microsoft Advertising hands out (reports, the geographical locations file):
/// RFC 4180 quoting (`"a ""quoted"", comma"`, line breaks inside quotes), CRLF or LF line ends, and a UTF-8 byte order
/// mark at the start.
///
/// The file comes from the platform and is not trusted: nothing here traps, and what is not CSV is a thrown error.
/// What is not an error: a blank line (skipped), a last line without a line end, and a row shorter than the header
/// (the missing cells read as empty).
public enum MicrosoftAdsCSV {
    public struct Malformed: Error, Equatable {
        /// 1-based line where the problem is.
        public var line: Int
        public var problem: String
    }

    /// The rows of `data`, each a list of cells.
    public static func rows(_ data: Data) throws(Malformed) -> [[String]] {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(bytes: bytes, encoding: .utf8) else { throw Malformed(line: 1, problem: "it is not UTF-8 text") }
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var inQuotes = false
        var quotedCell = false
        var line = 1
        var quoteLine = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return scalars.next()
        }
        func endRow() {
            row.append(cell)
            if !(row.count == 1 && row[0].isEmpty && !quotedCell) { rows.append(row) }
            row = []; cell = ""; quotedCell = false
        }
        while let s = next() {
            if inQuotes {
                if s == "\"" {
                    if let following = next() {
                        if following == "\"" { cell.unicodeScalars.append("\"") } else { inQuotes = false; pending = following }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if s == "\n" { line += 1 }
                    cell.unicodeScalars.append(s)
                }
                continue
            }
            switch s {
            case "\"":
                guard cell.isEmpty, !quotedCell else {
                    throw Malformed(line: line, problem: "a quote inside a cell that does not start with one")
                }
                inQuotes = true
                quotedCell = true
                quoteLine = line
            case ",":
                row.append(cell); cell = ""; quotedCell = false
            case "\r":
                if let following = next(), following != "\n" { pending = following }
                endRow(); line += 1
            case "\n":
                endRow(); line += 1
            default:
                guard !quotedCell else { throw Malformed(line: line, problem: "text after the closing quote of a cell") }
                cell.unicodeScalars.append(s)
            }
        }
        if inQuotes { throw Malformed(line: quoteLine, problem: "a quoted cell that never ends") }
        if !cell.isEmpty || !row.isEmpty || quotedCell { endRow() }
        return rows
    }

    /// The rows after the header, as `column → cell` dictionaries (a column named twice keeps its first cell).
    public static func records(_ data: Data) throws(Malformed) -> (header: [String], records: [[String: String]]) {
        let all = try rows(data)
        guard let header = all.first else { return ([], []) }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        var records: [[String: String]] = []
        records.reserveCapacity(all.count - 1)
        for (i, row) in all.dropFirst().enumerated() {
            guard row.count <= names.count || row[names.count...].allSatisfy(\.isEmpty) else {
                throw Malformed(line: i + 2, problem: "\(row.count) cells where the header has \(names.count)")
            }
            var record: [String: String] = [:]
            for (j, name) in names.enumerated() where record[name] == nil {
                record[name] = j < row.count ? row[j] : ""
            }
            records.append(record)
        }
        return (names, records)
    }
}
