/// Stamps templates onto zones: zones × templates × platforms → concrete campaigns.
struct Expander: Sendable {
    let workspace: Workspace
    let config: WorkspaceConfig
    let templates: [String: Template]
    /// Keyword lists turned into keywords once per (list, default match type), shared by every campaign.
    let keywordCache: [String: [Keyword]]
    let validTimeZones: Set<String>
    /// Microsoft Advertising's own checks of each creative's search copy (``MicrosoftAdsRules/copy(_:)``), by creative id,
    /// computed once; reported by every zone that runs the creative on Microsoft (duplicates are removed for display).
    let microsoftCopy: [String: [Diagnostic]]

    init(workspace: Workspace, config: WorkspaceConfig, templates: [String: Template]) {
        self.workspace = workspace
        self.config = config
        self.templates = templates
        var cache: [String: [Keyword]] = [:]
        for list in workspace.keywordLists.values {
            for match in MatchType.allCases {
                cache["\(list.name)|\(match.rawValue)"] = list.entries.map { Keyword(text: $0.value.text, matchType: $0.value.matchType ?? match) }
            }
        }
        keywordCache = cache
        var zones = Set(workspace.zones.compactMap { $0.timeZone?.value })
        zones.insert(config.timeZone.value)
        validTimeZones = zones.filter(TimeZoneRules.isValid)
        var copy: [String: [Diagnostic]] = [:]
        for c in workspace.creative.values where c.search != nil {
            let found = MicrosoftAdsRules.copy(c)
            if !found.isEmpty { copy[c.id] = found }
        }
        microsoftCopy = copy
    }

    func keywords(_ list: String, _ match: MatchType) -> [Keyword] {
        keywordCache["\(Workspace.listName(list))|\(match.rawValue)"] ?? []
    }

    func expand(_ zone: Zone) -> ([Campaign], [Diagnostic]) {
        var out: [Diagnostic] = []
        var campaigns: [Campaign] = []
        func add(_ s: Severity, _ code: String, _ message: String, _ at: SourceLocation, _ hints: [String] = []) {
            out.append(Diagnostic(s, code, message, at: at, hints: hints))
        }
        let timeZone = zone.timeZone ?? config.timeZone
        if let tz = zone.timeZone, !validTimeZones.contains(tz.value) { out += TimeZoneRules.check(tz) }
        out += TimeZoneRules.checkCounty(zoneTimeZone: zone.timeZone, workspaceTimeZone: config.timeZone, county: zone.county)
        let writtenGeo = GeoRules.written(zone)
        var seenTemplates: [String: SourceLocation] = [:]
        for entry in zone.campaigns {
            let name = entry.template.value
            guard let t = templates[name] else {
                add(.error, "missing-template", "template '\(name)' does not exist (no Campaigns/templates/\(name).yaml)", entry.template.location,
                    Suggestions.hint(name, templates.keys))
                continue
            }
            if let first = seenTemplates[name] {
                add(.error, "duplicate-id", "template '\(name)' is already run by this zone at line \(first.line); each campaign key must be unique",
                    entry.template.location, ["give one entry per template; use platforms: to split platforms"])
                continue
            }
            seenTemplates[name] = entry.template.location
            guard let purpose = t.purpose?.value, let audience = t.audience?.value, let channels = t.channels?.value,
                  let templateBudget = t.dailyBudget, let landing = entry.landingPage ?? t.landingPage else { continue }
            let budget = entry.dailyBudget ?? templateBudget
            let flight = Flight.merge(entry.flight, over: t.flight)
            if let f = flight, let start = f.value.start, let end = f.value.end, end < start {
                add(.error, "reversed-dates", "flight ends (\(end)) before it starts (\(start)) once the template's dates are applied", f.location)
            }
            if entry.dailyBudget != nil || entry.bidCeiling != nil {
                out += MoneyRules.check(budget: entry.dailyBudget, bid: entry.bidCeiling ?? (entry.dailyBudget != nil ? t.bidCeiling : nil), config: config)
            }
            if let page = entry.landingPage { out += LandingPageRules.check(page, purpose: purpose) }
            let offered = Set(channels.map(\.platform.value))
            for p in entry.platforms ?? [] where !offered.contains(p.value) {
                add(.error, "platform-not-in-template", "template '\(name)' has no \(p.value.rawValue) channel", p.location,
                    ["its channels: " + channels.map(\.platform.value.rawValue).joined(separator: ", ")])
            }
            // Keyword removals that match nothing are likely typos.
            let matchType = t.matchType?.value ?? config.defaultMatchType
            let lists = (t.keywordLists?.value ?? []).map { keywords($0.value, matchType) }
            if !entry.keywordsRemove.isEmpty {
                let all = Set(lists.joined().map(\.text))
                for removal in entry.keywordsRemove where !all.contains(removal.value) {
                    add(.warning, "remove-not-found", "'\(removal.value)' is not in this template's keyword lists, so there is nothing to remove",
                        removal.location, Suggestions.hint(removal.value, all))
                }
            }
            if !entry.keywordsAdd.isEmpty || !entry.negativesAdd.isEmpty {
                let local = KeywordList(name: "\(zone.id)-local", path: zone.path, entries: entry.keywordsAdd)
                out += KeywordRules.check(t, lists: workspace.keywordLists(t.keywordLists) + [local], negatives: workspace.keywordLists(t.negativeLists),
                                          extraNegatives: entry.negativesAdd, defaultMatch: matchType)
            }
            let removed = Set(entry.keywordsRemove.map(\.value))
            var adGroups: [AdGroup] = []
            for (ref, keywords) in zip(t.keywordLists?.value ?? [], lists) {
                adGroups.append(AdGroup(name: RepoPath.stem(ref.value), keywords: removed.isEmpty ? keywords : keywords.filter { !removed.contains($0.text) }))
            }
            if !entry.keywordsAdd.isEmpty {
                adGroups.append(AdGroup(name: "\(zone.id)-local", keywords: entry.keywordsAdd.map { Keyword(text: $0.value.text, matchType: $0.value.matchType ?? matchType) }))
            }
            var negatives = (t.negativeLists?.value ?? []).flatMap { keywords($0.value, matchType) }
            negatives += entry.negativesAdd.map { Keyword(text: $0.value.text, matchType: $0.value.matchType ?? matchType) }
            let creative = (t.creative?.value ?? []).compactMap { workspace.creative[$0.value] }
            var keywordPlatforms = Set<Platform>()

            for channel in channels {
                let platform = channel.platform.value
                if let only = entry.platforms, !only.contains(where: { $0.value == platform }) { continue }
                guard let account = config.account(for: platform, named: channel.account?.value) else { continue }
                let key = CampaignKey(zone: zone.id, template: name, platform: platform)
                let resolved = GeoRules.resolve(writtenGeo, for: platform)
                let geo = resolved.targets
                out += RadiusRules.check(zone.radii, platform: platform, key: key)
                for fips in resolved.countiesWithoutZIPs {
                    let at = zone.geo.first { $0.value == .county(fips: fips) }?.location ?? zone.county.location
                    add(.error, "county-without-zips",
                        "\(platform.displayName) cannot target a county, and county \(fips) (\(USCounties.name(fips: fips) ?? "unknown")) has no standard, active ZIP code to target instead; zone '\(zone.id)' needs postal_codes, a radius or native ids in geo: to run \(key)",
                        at, ["for example: geo: [{county: \"\(fips)\"}, {radius: {latitude: …, longitude: …, miles: 10}}]"])
                }
                if !resolved.countiesWithoutZIPs.isEmpty { continue }
                if geo.isEmpty {
                    let usable = platform == .reddit ? "a county or native Reddit geolocation ids (US-FL)" : "radius, postal_codes or native ids"
                    add(.error, "geo-unsupported", "\(platform.displayName) cannot target a county; zone '\(zone.id)' needs \(usable) in geo: to run \(key)",
                        (zone.geo.first?.location ?? zone.county.location), ["for example: geo: [{county: \"\(zone.county.value)\"}, {postal_codes: [\"…\"]}]"])
                    continue
                }
                let trigger = channel.trigger?.value ?? .keywords
                let groups = trigger == .keywords ? adGroups : [AdGroup(name: "interests", keywords: [])]
                let ads = creative.compactMap { AdCopy(creative: $0, platform: platform) }
                if trigger == .keywords { keywordPlatforms.insert(platform) }
                let campaign = Campaign(
                    key: key, zoneName: zone.name, county: zone.county.value, timeZone: timeZone.value, purpose: purpose, audience: audience,
                    account: account, status: entry.status, dailyBudget: budget.value, bidCeiling: (entry.bidCeiling ?? t.bidCeiling)?.value,
                    flight: flight?.value,
                    landingPage: Placeholders.fill(landing.value, zone: zone, template: name, platform: platform, purpose: purpose),
                    geo: geo, dayparts: t.dayparts?.value.map(\.value) ?? [], trigger: trigger, interests: channel.interests,
                    adGroups: groups, negatives: trigger == .keywords ? negatives : [], ads: ads, source: entry.location,
                    geoNote: resolved.note, specialAds: channel.specialAds)
                if platform == .meta, let dayparts = t.dayparts, !dayparts.value.isEmpty {
                    add(.warning, "meta-dayparts-not-sent",
                        "Meta runs ad schedules only with a lifetime budget; tfz gives Meta ad sets a daily budget, so these dayparts are not sent for \(key): its ads run all day",
                        dayparts.location, ["limit the channels of this template to search platforms, or move Meta to a template without dayparts"])
                }
                if platform == .microsoftAds {
                    for c in creative where c.search != nil { out += microsoftCopy[c.id] ?? [] }
                    out += MicrosoftAdsRules.campaign(campaign, creative: creative, landingPageAt: landing.location, template: t, entry: entry)
                }
                if platform == .reddit {
                    out += RedditRules.campaign(campaign, channel: channel, lists: workspace.keywordLists(t.keywordLists),
                                                negatives: workspace.keywordLists(t.negativeLists), template: t, entry: entry)
                }
                campaigns.append(campaign)
            }
            if !keywordPlatforms.isEmpty {
                // Where each ad group's keywords are written, in the order of `adGroups`: the lists, then keywords.add.
                var written = (t.keywordLists?.value ?? []).map { workspace.keywordList(named: $0.value)?.entries ?? [] }
                if !entry.keywordsAdd.isEmpty { written.append(entry.keywordsAdd) }
                let sources = zip(adGroups, written).enumerated().map {
                    AdGroupLimits.Group(group: $0.element.0, written: $0.element.1, isList: $0.offset < lists.count)
                }
                out += AdGroupLimits.check(sources, removed: removed, platforms: keywordPlatforms)
            }
        }
        out += MicrosoftAdsRules.campaignNames(campaigns, zone: zone, nameAt: workspace.zoneNameLocations[zone.id] ?? zone.location)
        return (campaigns, out)
    }
}
