import Foundation

/// Microsoft Advertising's campaign `TimeZone` values (the names of its Time Zones table, which the Reporting
/// `ReportTimeZone` enum shares) for IANA time zones.
///
/// US zones follow the Unicode CLDR Windows zone mapping (Indianapolis, Marengo and Vevay are Microsoft's "Indiana
/// (East)"; the other Indiana counties follow Eastern or Central time). Any other zone gets the Microsoft zone with the
/// same standard offset from UTC and the same daylight-saving habit where one exists.
public enum MicrosoftAdsTimeZone {
    static let byIANA: [String: String] = {
        var map: [String: String] = [:]
        func add(_ value: String, _ zones: [String]) { for zone in zones { map[zone] = value } }
        add("EasternTimeUSCanada", ["America/New_York", "America/Detroit", "America/Kentucky/Louisville", "America/Kentucky/Monticello",
                                    "America/Louisville", "America/Indiana/Vincennes", "America/Indiana/Winamac", "America/Indiana/Petersburg",
                                    "America/Toronto", "US/Eastern", "US/Michigan", "EST5EDT"])
        add("IndianaEast", ["America/Indiana/Indianapolis", "America/Indianapolis", "America/Indiana/Marengo", "America/Indiana/Vevay",
                            "US/East-Indiana"])
        add("CentralTimeUSCanada", ["America/Chicago", "America/Indiana/Knox", "America/Indiana/Tell_City", "America/Menominee",
                                    "America/North_Dakota/Center", "America/North_Dakota/New_Salem", "America/North_Dakota/Beulah",
                                    "America/Winnipeg", "US/Central", "US/Indiana-Starke", "CST6CDT"])
        add("MountainTimeUSCanada", ["America/Denver", "America/Boise", "America/Edmonton", "US/Mountain", "MST7MDT"])
        add("Arizona", ["America/Phoenix", "US/Arizona", "MST"])
        add("PacificTimeUSCanadaTijuana", ["America/Los_Angeles", "America/Tijuana", "America/Vancouver", "US/Pacific", "PST8PDT"])
        add("Alaska", ["America/Anchorage", "America/Juneau", "America/Sitka", "America/Yakutat", "America/Nome", "America/Metlakatla",
                       "US/Alaska"])
        add("Hawaii", ["Pacific/Honolulu", "America/Adak", "US/Hawaii", "US/Aleutian"])
        add("AtlanticTimeCanada", ["America/Puerto_Rico", "America/St_Thomas", "America/Halifax"])
        add("GuamPortMoresby", ["Pacific/Guam", "Pacific/Saipan", "Pacific/Port_Moresby"])
        add("GreenwichMeanTimeDublinEdinburghLisbonLondon", ["Europe/London", "Europe/Dublin", "Europe/Lisbon", "UTC", "Etc/UTC", "GMT"])
        return map
    }()

    /// Microsoft zones by standard offset in minutes: (with daylight saving, without).
    static let byOffset: [Int: (dst: String, standard: String)] = [
        -600: ("Hawaii", "Hawaii"), -540: ("Alaska", "Alaska"), -480: ("PacificTimeUSCanadaTijuana", "PacificTimeUSCanadaTijuana"),
        -420: ("MountainTimeUSCanada", "Arizona"), -360: ("CentralTimeUSCanada", "CentralAmerica"),
        -300: ("EasternTimeUSCanada", "BogotaLimaQuito"), -240: ("AtlanticTimeCanada", "CaracasLaPaz"), -210: ("Newfoundland", "Newfoundland"),
        -180: ("Greenland", "BuenosAiresGeorgetown"), -120: ("MidAtlantic", "MidAtlantic"), -60: ("Azores", "CapeVerdeIsland"),
        0: ("GreenwichMeanTimeDublinEdinburghLisbonLondon", "CasablancaMonrovia"),
        60: ("BrusselsCopenhagenMadridParis", "WestCentralAfrica"), 120: ("HelsinkiKyivRigaSofiaTallinnVilnius", "HararePretoria"),
        180: ("MoscowStPetersburgVolgograd", "KuwaitRiyadh"), 210: ("Tehran", "Tehran"), 240: ("BakuTbilisiYerevan", "AbuDhabiMuscat"),
        270: ("Kabul", "Kabul"), 300: ("Ekaterinburg", "IslandamabadKarachiTashkent"), 330: ("ChennaiKolkataMumbaiNewDelhi", "ChennaiKolkataMumbaiNewDelhi"),
        345: ("Kathmandu", "Kathmandu"), 360: ("AlmatyNovosibirsk", "AstanaDhaka"), 390: ("Rangoon", "Rangoon"),
        420: ("Krasnoyarsk", "BangkokHanoiJakarta"), 480: ("IrkutskUlaanBataar", "BeijingChongqingHongKongUrumqi"),
        540: ("Yakutsk", "OsakaSapporoTokyo"), 570: ("Adelaide", "Darwin"), 600: ("CanberraMelbourneSydney", "Brisbane"),
        660: ("MagadanSolomonIslandNewCaledonia", "MagadanSolomonIslandNewCaledonia"), 720: ("AucklandWellington", "FijiKamchatkaMarshallIsland"),
        780: ("Nukualofa", "Nukualofa"),
    ]

    /// The Microsoft `TimeZone` value for an IANA zone (`America/New_York` → `EasternTimeUSCanada`); nil when the zone is
    /// unknown to the system and has no entry.
    public static func value(forIANA identifier: String) -> String? {
        if let known = byIANA[identifier] { return known }
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        // The standard offset is the smaller of January's and July's (daylight saving adds to it on either hemisphere).
        let january = Date(timeIntervalSince1970: 1_767_225_600)   // 2026-01-01
        let july = Date(timeIntervalSince1970: 1_782_864_000)      // 2026-07-01
        let offsets = [zone.secondsFromGMT(for: january), zone.secondsFromGMT(for: july)]
        let standard = offsets.min()! / 60
        guard let entry = byOffset[standard] else { return nil }
        return offsets[0] == offsets[1] ? entry.standard : entry.dst
    }
}
