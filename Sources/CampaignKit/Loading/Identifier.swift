/// Ids of zones, templates, accounts and lists: lower-case letters, digits and '-', starting with a letter or digit.
enum Identifier {
    static func isValid(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.properties.isLowercase || ("0"..."9").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

extension Character {
    var isASCIIDigitOnly: Bool { isASCII && isNumber }
}
