/// `Creative/<purpose>/<name>.yaml`: ad copy and images, referred to as `<purpose>/<name>`.
public struct Creative: Sendable {
    public var id: String
    public var path: String
    public var purpose: Located<Purpose>?
    public var search: SearchCopy?
    public var social: SocialCopy?
    public var hotline: Hotline?
    public var location: SourceLocation

    init(id: String, path: String, location: SourceLocation) {
        self.id = id
        self.path = path
        self.location = location
    }
}

/// A responsive search ad's text (Google Ads and Microsoft Advertising).
public struct SearchCopy: Sendable {
    public var headlines: Located<[Located<String>]>
    public var descriptions: Located<[Located<String>]>
    public var path1: Located<String>?
    public var path2: Located<String>?
}

/// A social ad's text and image (Meta, Reddit).
public struct SocialCopy: Sendable {
    public var primaryText: Located<String>?
    public var headline: Located<String>?
    public var description: Located<String>?
    public var image: Located<String>?
    public var callToAction: Located<CallToAction>?
    public var location: SourceLocation
}

/// The help line a piece of creative gives.
public struct Hotline: Sendable {
    public var phone: Located<String>?
    public var sms: Located<String>?
}
