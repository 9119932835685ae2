import Foundation

/// Per-call limits of the Campaign Management operations the sandbox serves.
///
/// Confirmed in Microsoft's operation reference (MicrosoftDocs/Advertising,
/// advertising/bingads-13/campaign-management-service/*.md): AddCampaigns / UpdateCampaigns /
/// DeleteCampaigns / GetCampaignsByIds 100; AddAdGroups / UpdateAdGroups / DeleteAdGroups 1,000;
/// AddKeywords / UpdateKeywords / DeleteKeywords 1,000; AddAds / UpdateAds / DeleteAds 50;
/// Add/Update/Delete/GetCampaignCriterions(ByIds) 100; Add/DeleteNegativeKeywords…Entities 1 entity
/// with up to 20,000 negative keywords; GetNegativeKeywordsByEntityIds 1 entity id; GetAdGroupsByIds
/// 1,000; GetKeywordsByIds 1,000; GetAdsByIds 20.
enum MicrosoftLimits {
    static let campaigns = 100
    static let adGroups = 1_000
    static let keywords = 1_000
    static let ads = 50
    static let adIdsToGet = 20
    static let campaignCriterions = 100
    static let negativeKeywordEntities = 1
    static let negativeKeywordsPerEntity = 20_000
    static let negativeKeywordEntityIds = 1
    /// The smallest and largest CPC bid in USD (Microsoft's currency table: 0.05 … 1,000.00).
    static let minimumBid = 0.05
    static let maximumBid = 1_000.0
    static let campaignNameLength = 128
    static let adGroupNameLength = 256
    static let keywordTextLength = 100
    static let headlineLength = 30
    static let descriptionLength = 90
    static let pathLength = 15
}

/// The campaign time zones Microsoft accepts (guides/time-zones.md), plus the report time zone names.
enum MicrosoftTimeZones {
    static let values: Set<String> = Set(
        """
        AbuDhabiMuscat Adelaide Alaska AlmatyNovosibirsk AmsterdamBerlinBernRomeStockholmVienna Arizona AstanaDhaka \
        AthensBuckarestIstanbul AtlanticTimeCanada AucklandWellington Azores Baghdad BakuTbilisiYerevan \
        BangkokHanoiJakarta BeijingChongqingHongKongUrumqi BelgradeBratislavaBudapestLjubljanaPrague BogotaLimaQuito \
        Brasilia Brisbane BrusselsCopenhagenMadridParis Bucharest BuenosAiresGeorgetown Cairo CanberraMelbourneSydney \
        CapeVerdeIsland CaracasLaPaz CasablancaMonrovia CentralAmerica CentralTimeUSCanada ChennaiKolkataMumbaiNewDelhi \
        ChihuahuaLaPazMazatlan Darwin EasternTimeUSCanada Ekaterinburg FijiKamchatkaMarshallIsland Greenland \
        GreenwichMeanTimeDublinEdinburghLisbonLondon GuadalajaraMexicoCityMonterrey GuamPortMoresby HararePretoria \
        Hawaii HelsinkiKyivRigaSofiaTallinnVilnius Hobart IndianaEast InternationalDateLineWest IrkutskUlaanBataar \
        IslandamabadKarachiTashkent Jerusalem Kabul Kathmandu Krasnoyarsk KualaLumpurSingapore KuwaitRiyadh \
        MidAtlantic MidwayIslandAndSamoa MoscowStPetersburgVolgograd MountainTimeUSCanada Nairobi Newfoundland \
        Nukualofa OsakaSapporoTokyo PacificTimeUSCanadaTijuana Perth Santiago SarajevoSkopjeWarsawZagreb Saskatchewan \
        Seoul SolomonIslandNewCaledonia SriJayawardenepura Taipei Tehran Vladivostok WestCentralAfrica Yakutsk Yangon
        """.split(separator: " ").map(String.init)
    ).union(MicrosoftAdsSchema.values("rep.ReportTimeZone"))
}

extension SandboxEngine {
    /// The account of the call, created on first use.
    func withMicrosoftAccount<T>(_ context: MicrosoftContext, _ body: (inout MicrosoftStoredAccount) -> T) -> T {
        body(&microsoft.accounts[context.accountId ?? "", default: MicrosoftStoredAccount()])
    }

    func microsoftAccount(_ context: MicrosoftContext) -> MicrosoftStoredAccount {
        microsoft.accounts[context.accountId ?? ""] ?? MicrosoftStoredAccount()
    }

    /// The object as Get* returns it: its stored fields with `Id` (hidden sandbox keys left out).
    static func microsoftWire(_ id: Int64, _ record: MicrosoftRecord) -> SandboxJSON {
        var fields = record.fields.filter { !$0.key.hasPrefix("_") }
        fields["Id"] = MicrosoftWire.id(id)
        return .object(fields)
    }

    /// Ids from a validated int64 array (strings).
    static func microsoftIds(_ value: SandboxJSON?) -> [Int64?] {
        (value?.arrayValue ?? []).map { $0.int64Value }
    }

    /// Applies `items` one by one (Microsoft's Add*/Update* are always partial): `apply` returns the id
    /// to report or throws the item's error. The `partialFailure` fault fails its index with 4149
    /// `CampaignServiceConcurrentStoreModification`.
    func microsoftBatch(
        _ items: [SandboxJSON], _ context: MicrosoftContext,
        _ apply: (Int, [String: SandboxJSON]) throws(MicrosoftError) -> Int64?
    ) -> (ids: [SandboxJSON], errors: [(index: Int, error: MicrosoftError)]) {
        var ids: [SandboxJSON] = []
        var errors: [(Int, MicrosoftError)] = []
        for (index, item) in items.enumerated() {
            do throws(MicrosoftError) {
                if context.partialFailureIndex == index { throw .concurrentModification }
                guard let object = item.objectValue else { throw .nullRequest }
                ids.append(try apply(index, object).map(MicrosoftWire.id) ?? .null)
            } catch {
                ids.append(.null)
                errors.append((index, error))
            }
        }
        return (ids, errors)
    }

    static func partialErrors(_ errors: [(index: Int, error: MicrosoftError)]) -> SandboxJSON {
        .array(errors.map { MicrosoftWire.batchError($0.error, index: $0.index) })
    }

    /// A `{Amount}` bid checked against the currency's floor and ceiling.
    static func checkBid(_ bid: SandboxJSON?) throws(MicrosoftError) {
        guard let amount = bid?["Amount"]?.doubleValue else { return }
        if amount < MicrosoftLimits.minimumBid - 1e-9 { throw .bidBelowFloor }
        if amount > MicrosoftLimits.maximumBid + 1e-9 { throw .bidAboveCeiling }
    }

    /// A final URL Microsoft accepts: http(s), a host with a dot, at most 2,048 characters.
    static func isValidFinalUrl(_ text: String) -> Bool {
        guard text.count <= 2_048, let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, host.contains("."), !host.hasPrefix("."), !host.hasSuffix(".")
        else { return false }
        return true
    }
}
