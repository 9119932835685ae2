enum Placeholders {
    static func fill(_ url: String, zone: Zone, template: String, platform: Platform, purpose: Purpose) -> String {
        guard url.contains("{") else { return url }
        return url.replacingAll("{zone}", zone.id).replacingAll("{county}", zone.county.value).replacingAll("{template}", template)
            .replacingAll("{platform}", platform.rawValue).replacingAll("{purpose}", purpose.rawValue)
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
