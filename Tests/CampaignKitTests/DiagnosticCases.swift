import Testing

// Diagnostics pinned by their full rendered text: file, line, column, severity, message and hints.
// Each case changes one file of `Fixture` (a valid workspace) and expects exactly these diagnostics.
// Re-record with TFZ_RECORD=1 swift test --filter DiagnosticTests (writes /tmp/recorded.json), then review.
struct DiagnosticCase: CustomTestStringConvertible, Sendable {
    var name: String
    var changes: [String: String?]
    var expected: [String]
    var testDescription: String { name }
}

let diagnosticCases: [DiagnosticCase] = [
    DiagnosticCase(name: "yamlSyntaxError", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: \"Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 30.00}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:2:10: error: YAML syntax error: did not find expected key\n    hint: while parsing a block mapping at line 1, column 1",
    ]),
    DiagnosticCase(name: "tabIndentation", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 30.00}\n\t- template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:10:1: error: YAML syntax error: found character that cannot start any token\n    hint: while scanning for the next token at line 10, column 1\n    hint: indent with spaces, not tabs",
    ]),
    DiagnosticCase(name: "unknownKeyWithSuggestion", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    landing_pge: https://example.org/x\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:9:5: error: unknown key 'landing_pge' in campaign entry\n    hint: did you mean 'landing_page'?",
    ]),
    DiagnosticCase(name: "unknownKeyListsAllowed", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ncolour: blue\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 30.00}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:3:1: error: unknown key 'colour' in zone\n    hint: allowed keys: name, county, time_zone, partners, geo, campaigns",
    ]),
    DiagnosticCase(name: "wrongType", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: 30.00\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:9:13: error: budget must be a mapping of keys to values, not text '30.00'",
    ]),
    DiagnosticCase(name: "missingRequiredKey", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 30.00}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:1:1: error: zone is missing the required key 'county'",
    ]),
    DiagnosticCase(name: "missingTemplate", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterence-search\n    budget: {daily: 30.00}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:8:15: error: template 'deterence-search' does not exist (no Campaigns/templates/deterence-search.yaml)\n    hint: did you mean 'deterrence-search'?",
    ]),
    DiagnosticCase(name: "templateCycle", changes: [
        "Campaigns/templates/base.yaml": "extends: deterrence-search\nchannels:\n  - platform: google_ads\n",
    ], expected: [
        "Campaigns/templates/base.yaml:1:10: error: templates extend each other in a cycle: base → deterrence-search → base\n    hint: a template may extend another, but the chain must end at a template without 'extends'",
        "Campaigns/templates/deterrence-search.yaml:1:10: error: templates extend each other in a cycle: deterrence-search → base → deterrence-search\n    hint: a template may extend another, but the chain must end at a template without 'extends'",
    ]),
    DiagnosticCase(name: "missingParentTemplate", changes: [
        "Campaigns/templates/deterrence-search.yaml": "extends: bsae\npurpose: deterrence\naudience: buyers\ncreative: deterrence/arrest\nlanding_page: https://example.org/stop/{zone}?utm_source={platform}\nbudget: {daily: 20.00}\nbid_ceiling: 2.00\ndayparts:\n  - days: every_day\n    from: \"18:00\"\n    to: \"24:00\"\nflight: {start: 2027-01-01, end: 2027-12-31}\n",
    ], expected: [
        "Campaigns/templates/deterrence-search.yaml:1:10: error: template 'bsae' does not exist (no Campaigns/templates/bsae.yaml)\n    hint: did you mean 'base'?",
    ]),
    DiagnosticCase(name: "headlineTooLong", changes: [
        "Creative/deterrence/arrest.yaml": "purpose: deterrence\nsearch:\n  headlines:\n    - Buying Sex Is a Crime\n    - Buyers Are Arrested Here\n    - She Could Be Somebody's Daughter or Son\n  descriptions:\n    - Police arrest sex buyers in this county. Get help to stop.\n    - Many people sold for sex are children. Think before you act.\n  path1: stop\n",
    ], expected: [
        "Creative/deterrence/arrest.yaml:6:7: error: headline is 39 characters; the limit is 30\n    hint: shorten it by 9",
    ]),
    DiagnosticCase(name: "headlineCount", changes: [
        "Creative/deterrence/arrest.yaml": "purpose: deterrence\nsearch:\n  headlines:\n    - Buying Sex Is a Crime\n    - Buyers Are Arrested Here\n  descriptions:\n    - Police arrest sex buyers in this county. Get help to stop.\n    - Many people sold for sex are children. Think before you act.\n  path1: stop\n",
    ], expected: [
        "Creative/deterrence/arrest.yaml:4:5: error: a responsive search ad needs 3 to 15 headlines; this one has 2",
    ]),
    DiagnosticCase(name: "descriptionTooLong", changes: [
        "Creative/deterrence/arrest.yaml": "purpose: deterrence\nsearch:\n  headlines:\n    - Buying Sex Is a Crime\n    - Buyers Are Arrested Here\n    - She Could Be a Minor\n  descriptions:\n    - Police arrest sex buyers in this county. Get help to stop.\n    - Many people sold for sex are children. Think before you act, because every purchase fuels the trafficking of real people.\n  path1: stop\n",
    ], expected: [
        "Creative/deterrence/arrest.yaml:9:7: error: description is 121 characters; the limit is 90\n    hint: shorten it by 31",
    ]),
    DiagnosticCase(name: "pathTooLong", changes: [
        "Creative/deterrence/arrest.yaml": "purpose: deterrence\nsearch:\n  headlines:\n    - Buying Sex Is a Crime\n    - Buyers Are Arrested Here\n    - She Could Be a Minor\n  descriptions:\n    - Police arrest sex buyers in this county. Get help to stop.\n    - Many people sold for sex are children. Think before you act.\n  path1: stop-buying-sex-now\n",
    ], expected: [
        "Creative/deterrence/arrest.yaml:10:10: error: display path is 19 characters; the limit is 15",
    ]),
    DiagnosticCase(name: "headlineExclamation", changes: [
        "Creative/deterrence/arrest.yaml": "purpose: deterrence\nsearch:\n  headlines:\n    - Buying Sex Is a Crime!\n    - Buyers Are Arrested Here\n    - She Could Be a Minor\n  descriptions:\n    - Police arrest sex buyers in this county. Get help to stop.\n    - Many people sold for sex are children. Think before you act.\n  path1: stop\n",
    ], expected: [
        "Creative/deterrence/arrest.yaml:4:7: error: search platforms do not allow '!' in headlines",
    ]),
    DiagnosticCase(name: "sexualContent", changes: [
        "Creative/deterrence/arrest.yaml": "purpose: deterrence\nsearch:\n  headlines:\n    - Buying Sex Is a Crime\n    - Buyers Are Arrested Here\n    - Sexy Singles Tonight\n  descriptions:\n    - Police arrest sex buyers in this county. Get help to stop.\n    - Many people sold for sex are children. Think before you act.\n  path1: stop\n",
    ], expected: [
        "Creative/deterrence/arrest.yaml:6:7: error: 'sexy' is sexual content that ad platforms reject, and it has no place in deterrence copy",
    ]),
    DiagnosticCase(name: "discouragedOutreachTerm", changes: [
        "Creative/outreach/help.yaml": "purpose: outreach\nsearch:\n  headlines: [Help Is Here, Free and Confidential, Talk to Someone]\n  descriptions:\n    - No prostitute deserves to be forced. Call or text the hotline any time.\n    - Advocates listen and help you find safety, in many languages.\nhotline: {phone: 1-888-373-7888, sms: \"233733\"}\n",
    ], expected: [
        "Creative/outreach/help.yaml:5:7: error: 'prostitute' is not victim-centred language and cannot be used in outreach copy\n    hint: write 'person being sold for sex' instead (see docs/campaign-files.md#language)",
    ]),
    DiagnosticCase(name: "discouragedTermWarningInDeterrence", changes: [
        "Creative/deterrence/arrest.yaml": "purpose: deterrence\nsearch:\n  headlines:\n    - Buying Sex Is a Crime\n    - Buyers Are Arrested Here\n    - She Could Be a Minor\n  descriptions:\n    - Police arrest johns in this county. Get help to stop.\n    - Many people sold for sex are children. Think before you act.\n  path1: stop\n",
    ], expected: [
        "Creative/deterrence/arrest.yaml:8:7: warning: 'johns' is not victim-centred language\n    hint: write 'sex buyers' instead (see docs/campaign-files.md#language)",
    ]),
    DiagnosticCase(name: "outreachPersonalData", changes: [
        "Campaigns/templates/social.yaml": "purpose: outreach\naudience: people_at_risk\nchannels:\n  - platform: meta\n    interests: [Social issues]\ncreative: [outreach/help]\nlanding_page: https://example.org/help/{zone}?utm_source=meta&email={email}\nbudget: {daily: 10}\n",
        "Creative/education/signs.yaml": nil,
        "Creative/outreach/help.yaml": "purpose: outreach\nsocial:\n  primary_text: Free, confidential help, any time.\n  headline: You Are Not Alone\n  image: images/signs.png\nhotline: {phone: 1-888-373-7888, sms: \"233733\"}\n",
    ], expected: [
        "Campaigns/templates/social.yaml:7:15: error: outreach landing pages must not carry personal identifiers; remove the 'email' parameter\n    hint: help pages are for people at risk: only aggregate utm_* parameters are allowed",
        "Campaigns/templates/social.yaml:7:15: error: unknown placeholder '{email}' in landing page\n    hint: placeholders: {zone}, {county}, {template}, {platform}, {purpose}",
    ]),
    DiagnosticCase(name: "credentialValue", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\npartners: [\"GOCSPX-Abc123Def456Ghi789JklMno\"]\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 30.00}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:4:12: error: this value looks like a Google OAuth client secret; secrets never go in campaign files\n    hint: remove it, revoke it if it was real, and keep it in an environment variable or a credentials file outside the repository",
    ]),
    DiagnosticCase(name: "credentialKey", changes: [
        "tfz.yaml": "version: 1\norganization: Test Zone Program\ncurrency: USD\ntime_zone: America/New_York\naccounts:\n  - name: google-main\n    platform: google_ads\n    account_id: \"1234567890\"\n    endpoint: sandbox\n    credentials: env:TFZ_GOOGLE_ADS\n  - name: meta-main\n    platform: meta\n    account_id: act_1001\n    credentials: env:TFZ_META\n    client_secret: hunter2hunter2\nguardrails:\n  max_daily_budget_per_campaign: 100.00\n  monthly_cap: 5000\n",
    ], expected: [
        "tfz.yaml:15:5: error: 'client_secret' looks like a credential; secrets never go in campaign files\n    hint: put it in an environment variable or a credentials file outside the repository (docs/campaign-files.md#credentials)",
    ]),
    DiagnosticCase(name: "missingKeywordList", changes: [
        "Campaigns/templates/base.yaml": "channels:\n  - platform: google_ads\nkeywords:\n  lists: [buyer]\n  negatives: [negatives]\n",
    ], expected: [
        "Campaigns/templates/base.yaml:4:11: error: keyword list 'buyer' does not exist (no Campaigns/keywords/buyer.txt)\n    hint: did you mean 'buyers'?",
    ]),
    DiagnosticCase(name: "referenceLeavesRepository", changes: [
        "Campaigns/templates/base.yaml": "channels:\n  - platform: google_ads\nkeywords:\n  lists: [buyers, ../../../etc/passwd]\n",
    ], expected: [
        "Campaigns/templates/base.yaml:4:19: error: '../../../etc/passwd' points outside the repository\n    hint: keyword lists are named by their file name in Campaigns/keywords/, without .txt",
    ]),
    DiagnosticCase(name: "missingCreative", changes: [
        "Campaigns/templates/deterrence-search.yaml": "extends: base\npurpose: deterrence\naudience: buyers\ncreative: deterrence/arest\nlanding_page: https://example.org/stop/{zone}?utm_source={platform}\nbudget: {daily: 20.00}\nbid_ceiling: 2.00\ndayparts:\n  - days: every_day\n    from: \"18:00\"\n    to: \"24:00\"\nflight: {start: 2027-01-01, end: 2027-12-31}\n",
    ], expected: [
        "Campaigns/templates/deterrence-search.yaml:4:11: error: creative 'deterrence/arest' does not exist (no Creative/deterrence/arest.yaml)\n    hint: did you mean 'deterrence/arrest'?",
    ]),
    DiagnosticCase(name: "missingImage", changes: [
        "Creative/education/signs.yaml": "purpose: education\nsocial:\n  primary_text: Learn the signs of trafficking in our county.\n  headline: Know the Signs\n  image: images/sign.png\n  call_to_action: LEARN_MORE\nhotline: {phone: 1-888-373-7888, sms: \"233733\"}\n",
    ], expected: [
        "Creative/education/signs.yaml:5:10: error: image 'images/sign.png' does not exist (looked for Creative/images/sign.png)\n    hint: did you mean 'Creative/images/signs.png'?",
    ]),
    DiagnosticCase(name: "duplicateCampaign", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 30.00}\n  - template: social\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:11:15: error: template 'social' is already run by this zone at line 10; each campaign key must be unique\n    hint: give one entry per template; use platforms: to split platforms",
    ]),
    DiagnosticCase(name: "invalidDate", changes: [
        "Campaigns/templates/deterrence-search.yaml": "extends: base\npurpose: deterrence\naudience: buyers\ncreative: deterrence/arrest\nlanding_page: https://example.org/stop/{zone}?utm_source={platform}\nbudget: {daily: 20.00}\nbid_ceiling: 2.00\ndayparts:\n  - days: every_day\n    from: \"18:00\"\n    to: \"24:00\"\nflight: {start: 2027-02-30, end: 2027-12-31}\n",
    ], expected: [
        "Campaigns/templates/deterrence-search.yaml:12:17: error: flight.start must be a real date written YYYY-MM-DD, not '2027-02-30'",
    ]),
    DiagnosticCase(name: "reversedDates", changes: [
        "Campaigns/templates/deterrence-search.yaml": "extends: base\npurpose: deterrence\naudience: buyers\ncreative: deterrence/arrest\nlanding_page: https://example.org/stop/{zone}?utm_source={platform}\nbudget: {daily: 20.00}\nbid_ceiling: 2.00\ndayparts:\n  - days: every_day\n    from: \"18:00\"\n    to: \"24:00\"\nflight: {start: 2027-01-01, end: 2026-12-31}\n",
    ], expected: [
        "Campaigns/templates/deterrence-search.yaml:12:34: error: flight ends (2026-12-31) before it starts (2027-01-01)",
    ]),
    DiagnosticCase(name: "unknownTimeZone", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_Yrok\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 30.00}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:3:12: error: 'America/New_Yrok' is not an IANA time zone\n    hint: did you mean 'America/New_York'?\n    hint: write it like America/New_York or America/Chicago",
    ]),
    DiagnosticCase(name: "badCurrency", changes: [
        "tfz.yaml": "version: 1\norganization: Test Zone Program\ncurrency: USX\ntime_zone: America/New_York\naccounts:\n  - name: google-main\n    platform: google_ads\n    account_id: \"1234567890\"\n    endpoint: sandbox\n    credentials: env:TFZ_GOOGLE_ADS\n  - name: meta-main\n    platform: meta\n    account_id: act_1001\n    credentials: env:TFZ_META\nguardrails:\n  max_daily_budget_per_campaign: 100.00\n  monthly_cap: 5000\n",
    ], expected: [
        "tfz.yaml:3:11: error: 'USX' is not an ISO 4217 currency code\n    hint: did you mean 'USD'?",
    ]),
    DiagnosticCase(name: "zeroBudget", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 0}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:9:21: error: budget.daily must be greater than 0",
    ]),
    DiagnosticCase(name: "notMoney", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: $30}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:9:21: error: budget.daily must be an amount such as 25.00, not '$30'\n    hint: write digits with an optional decimal point; no currency sign or thousands separator",
    ]),
    DiagnosticCase(name: "tooManyDecimals", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 30.005}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:9:21: error: USD amounts have at most 2 decimal places; '30.005' has 3",
    ]),
    DiagnosticCase(name: "budgetOverGuardrail", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 150.00}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:9:21: error: daily budget $150.00 is above the guardrail of $100.00 per campaign\n    hint: lower it, or raise guardrails.max_daily_budget_per_campaign in tfz.yaml (tfz.yaml:16:34)",
    ]),
    DiagnosticCase(name: "landingPageNotHTTPS", changes: [
        "Campaigns/templates/deterrence-search.yaml": "extends: base\npurpose: deterrence\naudience: buyers\ncreative: deterrence/arrest\nlanding_page: http://example.org/stop/{zone}?utm_source={platform}\nbudget: {daily: 20.00}\nbid_ceiling: 2.00\ndayparts:\n  - days: every_day\n    from: \"18:00\"\n    to: \"24:00\"\nflight: {start: 2027-01-01, end: 2027-12-31}\n",
    ], expected: [
        "Campaigns/templates/deterrence-search.yaml:5:15: error: landing page must use https://\n    hint: write https://example.org/stop/{zone}?utm_source={platform}",
    ]),
    DiagnosticCase(name: "landingPageMalformed", changes: [
        "Campaigns/templates/deterrence-search.yaml": "extends: base\npurpose: deterrence\naudience: buyers\ncreative: deterrence/arrest\nlanding_page: https://example/stop/{zip}\nbudget: {daily: 20.00}\nbid_ceiling: 2.00\ndayparts:\n  - days: every_day\n    from: \"18:00\"\n    to: \"24:00\"\nflight: {start: 2027-01-01, end: 2027-12-31}\n",
    ], expected: [
        "Campaigns/templates/deterrence-search.yaml:5:15: error: landing page 'https://example/stop/{zip}' has no valid host name",
        "Campaigns/templates/deterrence-search.yaml:5:15: error: unknown placeholder '{zip}' in landing page\n    hint: placeholders: {zone}, {county}, {template}, {platform}, {purpose}",
    ]),
    DiagnosticCase(name: "keywordTooLong", changes: [
        "Campaigns/keywords/buyers.txt": "escorts near me\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nwhere can i find someone to pay for company tonight in tampa bay area\n",
    ], expected: [
        "Campaigns/keywords/buyers.txt:2:1: error: keyword is 81 characters; the limit is 80",
        "Campaigns/keywords/buyers.txt:3:1: error: keyword has 14 words; the limit is 10",
    ]),
    DiagnosticCase(name: "keywordSyntax", changes: [
        "Campaigns/keywords/buyers.txt": "escorts near me\n\"buy sex\nescorts near me\n",
    ], expected: [
        "Campaigns/keywords/buyers.txt:2:1: error: unterminated quote: a phrase keyword is written \"like this\"",
        "Campaigns/keywords/buyers.txt:3:1: warning: 'escorts near me' is already on line 1",
    ]),
    DiagnosticCase(name: "unknownCounty", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12999\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 30.00}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:2:9: error: 12999 is not a US county FIPS code (2020 census list)\n    hint: did you mean 12057 (Hillsborough County, FL)?",
    ]),
    DiagnosticCase(name: "countyNotFiveDigits", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: 1205\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 30.00}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:2:9: error: county must be a 5-digit FIPS code (state + county, e.g. \"12057\"), not '1205'\n    hint: quote it to keep the leading zero: \"01205\"",
    ]),
    DiagnosticCase(name: "metaTextLimits", changes: [
        "Creative/education/signs.yaml": "purpose: education\nsocial:\n  primary_text: Learn the signs of trafficking in our county. Learn the signs of trafficking in our county. Learn the signs of trafficking in our county. Learn the signs of trafficking in our county. \n  headline: Know the Signs\n  image: images/signs.png\n  call_to_action: LEARN_MORE\nhotline: {phone: 1-888-373-7888, sms: \"233733\"}\n",
    ], expected: [
        "Creative/education/signs.yaml:3:17: warning: Meta primary text is 183 characters; beyond 125 it is cut off in most placements",
    ]),
    DiagnosticCase(name: "hotlineMalformed", changes: [
        "Creative/education/signs.yaml": "purpose: education\nsocial:\n  primary_text: Learn the signs of trafficking in our county.\n  headline: Know the Signs\n  image: images/signs.png\n  call_to_action: LEARN_MORE\nhotline: {phone: 1-888-373-788, sms: \"2337\"}\n",
    ], expected: [
        "Creative/education/signs.yaml:7:18: error: hotline phone '1-888-373-788' is not a well-formed US number\n    hint: write it as 1-NXX-NXX-XXXX, e.g. 1-888-373-7888",
        "Creative/education/signs.yaml:7:38: error: hotline sms '2337' must be a 5- or 6-digit short code, e.g. 233733",
    ]),
    DiagnosticCase(name: "phoneInCopyMalformed", changes: [
        "Creative/education/signs.yaml": "purpose: education\nsocial:\n  primary_text: Call 888-37-7888 to learn the signs.\n  headline: Know the Signs\n  image: images/signs.png\n  call_to_action: LEARN_MORE\nhotline: {phone: 1-888-373-7888, sms: \"233733\"}\n",
    ], expected: [
        "Creative/education/signs.yaml:3:17: error: phone number '888-37-7888' is not a well-formed US number\n    hint: write it as 1-NXX-NXX-XXXX, e.g. the National Human Trafficking Hotline 1-888-373-7888",
    ]),
    DiagnosticCase(name: "metaKeywordTrigger", changes: [
        "Campaigns/templates/social.yaml": "purpose: education\naudience: general_public\nchannels:\n  - platform: meta\n    trigger: keywords\ncreative: [education/signs]\nlanding_page: https://example.org/learn/{zone}\nbudget: {daily: 10}\n",
    ], expected: [
        "Campaigns/templates/social.yaml:5:14: error: Meta has no search-keyword targeting: use trigger: interests with an interests list\n    hint: Meta's 'keywords' targeting field is not usable; target by interests and geography",
    ]),
    DiagnosticCase(name: "enumSuggestion", changes: [
        "Campaigns/templates/deterrence-search.yaml": "extends: base\npurpose: deterence\naudience: buyers\ncreative: deterrence/arrest\nlanding_page: https://example.org/stop/{zone}?utm_source={platform}\nbudget: {daily: 20.00}\nbid_ceiling: 2.00\ndayparts:\n  - days: every_day\n    from: \"18:00\"\n    to: \"24:00\"\nflight: {start: 2027-01-01, end: 2027-12-31}\n",
    ], expected: [
        "Campaigns/templates/deterrence-search.yaml:2:10: error: purpose must be one of deterrence, education, outreach, not 'deterence'\n    hint: did you mean 'deterrence'?",
    ]),
    DiagnosticCase(name: "duplicateKey", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\nname: Tampa\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 30.00}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:4:1: error: key 'name' appears more than once in the same mapping\n    hint: keep one; YAML would silently use only the last",
    ]),
    DiagnosticCase(name: "daypartQuarterHour", changes: [
        "Campaigns/templates/deterrence-search.yaml": "extends: base\npurpose: deterrence\naudience: buyers\ncreative: deterrence/arrest\nlanding_page: https://example.org/stop/{zone}?utm_source={platform}\nbudget: {daily: 20.00}\nbid_ceiling: 2.00\ndayparts:\n  - days: every_day\n    from: \"18:10\"\n    to: \"24:00\"\nflight: {start: 2027-01-01, end: 2027-12-31}\n",
    ], expected: [
        "Campaigns/templates/deterrence-search.yaml:10:11: error: from must fall on a quarter hour (:00, :15, :30, :45), as the ad platforms schedule in 15-minute steps",
    ]),
    DiagnosticCase(name: "daypartReversed", changes: [
        "Campaigns/templates/deterrence-search.yaml": "extends: base\npurpose: deterrence\naudience: buyers\ncreative: deterrence/arrest\nlanding_page: https://example.org/stop/{zone}?utm_source={platform}\nbudget: {daily: 20.00}\nbid_ceiling: 2.00\ndayparts:\n  - days: every_day\n    from: \"18:00\"\n    to: \"03:00\"\nflight: {start: 2027-01-01, end: 2027-12-31}\n",
    ], expected: [
        "Campaigns/templates/deterrence-search.yaml:11:9: error: daypart ends (03:00) at or before it starts (18:00)\n    hint: to run past midnight, write two dayparts: 18:00–24:00 and 00:00–03:00",
    ]),
    DiagnosticCase(name: "metaCountyWithoutZIPs", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Aleutians East Borough, AK\ncounty: \"02013\"\ntime_zone: America/New_York\ngeo:\n  - county: \"02013\"\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 30.00}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:3:12: warning: time_zone America/New_York differs from Aleutians East Borough, AK's time zone America/Nome (from its ZIP codes); dayparts and flight dates would follow the wrong clock\n    hint: write time_zone: America/Nome",
        "Campaigns/zones/fl-hillsborough.yaml:5:5: error: Meta cannot target a county, and county 02013 (Aleutians East Borough, AK) has no standard, active ZIP code to target instead; zone 'fl-hillsborough' needs postal_codes, a radius or native ids in geo: to run fl-hillsborough/social/meta\n    hint: for example: geo: [{county: \"02013\"}, {radius: {latitude: …, longitude: …, miles: 10}}]",
    ]),
    DiagnosticCase(name: "googleAccountIdWithDashes", changes: [
        "tfz.yaml": "version: 1\norganization: Test Zone Program\ncurrency: USD\ntime_zone: America/New_York\naccounts:\n  - name: google-main\n    platform: google_ads\n    account_id: \"123-456-7890\"\n    endpoint: sandbox\n    credentials: env:TFZ_GOOGLE_ADS\n  - name: meta-main\n    platform: meta\n    account_id: act_1001\n    credentials: env:TFZ_META\nguardrails:\n  max_daily_budget_per_campaign: 100.00\n  monthly_cap: 5000\n",
    ], expected: [
        "tfz.yaml:8:17: error: a Google Ads customer id is 10 digits without dashes, not '123-456-7890'\n    hint: write it as 1234567890",
    ]),
    DiagnosticCase(name: "credentialsFileInsideRepository", changes: [
        "tfz.yaml": "version: 1\norganization: Test Zone Program\ncurrency: USD\ntime_zone: America/New_York\naccounts:\n  - name: google-main\n    platform: google_ads\n    account_id: \"1234567890\"\n    endpoint: sandbox\n    credentials: env:TFZ_GOOGLE_ADS\n  - name: meta-main\n    platform: meta\n    account_id: act_1001\n    credentials: file:secrets/meta.json\nguardrails:\n  max_daily_budget_per_campaign: 100.00\n  monthly_cap: 5000\n",
    ], expected: [
        "tfz.yaml:14:18: error: the credentials file must be outside the repository: give an absolute path or one starting with ~/\n    hint: for example file:~/.config/tfz/credentials.yaml (mode 0600)",
    ]),
    DiagnosticCase(name: "plainHTTPEndpoint", changes: [
        "tfz.yaml": "version: 1\norganization: Test Zone Program\ncurrency: USD\ntime_zone: America/New_York\naccounts:\n  - name: google-main\n    platform: google_ads\n    account_id: \"1234567890\"\n    endpoint: http://ads.example.org\n    credentials: env:TFZ_GOOGLE_ADS\n  - name: meta-main\n    platform: meta\n    account_id: act_1001\n    credentials: env:TFZ_META\nguardrails:\n  max_daily_budget_per_campaign: 100.00\n  monthly_cap: 5000\n",
    ], expected: [
        "tfz.yaml:9:15: error: endpoint must be 'sandbox', an https:// base URL, or an http:// loopback URL, not 'http://ads.example.org'\n    hint: plain http is allowed only to 127.0.0.1 or localhost, so that tokens never cross a network unencrypted",
    ]),
    DiagnosticCase(name: "emptyFile", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:1:1: error: file is empty",
    ]),
    DiagnosticCase(name: "binaryGarbage", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "\0\u{1}\u{2}PK\u{3}\u{4} ::: [[[",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:1:1: error: this file contains a control character (an invisible byte such as NUL), which YAML does not allow\n    hint: delete the invisible character; it often comes from copying text out of another program",
    ]),
    DiagnosticCase(name: "missingConfig", changes: [
        "tfz.yaml": nil,
    ], expected: [
        "tfz.yaml:1:1: error: tfz.yaml is missing: this folder is not a tfz workspace\n    hint: run tfz in the folder that holds tfz.yaml, or pass -C DIR",
    ]),
    DiagnosticCase(name: "purposeMismatch", changes: [
        "Campaigns/templates/deterrence-search.yaml": "extends: base\npurpose: deterrence\naudience: buyers\ncreative: education/signs\nlanding_page: https://example.org/stop/{zone}?utm_source={platform}\nbudget: {daily: 20.00}\nbid_ceiling: 2.00\ndayparts:\n  - days: every_day\n    from: \"18:00\"\n    to: \"24:00\"\nflight: {start: 2027-01-01, end: 2027-12-31}\n",
    ], expected: [
        "Campaigns/templates/deterrence-search.yaml:4:11: error: Google Ads needs creative with a 'search' block; none of this template's creative has one",
        "Campaigns/templates/deterrence-search.yaml:4:11: error: a deterrence template cannot use education creative 'education/signs'",
    ]),
    DiagnosticCase(name: "negativeBlocksKeyword", changes: [
        "Campaigns/keywords/negatives.txt": "ford escort\nnear me\n[buy sex]\nescort\n",
    ], expected: [
        "Campaigns/keywords/negatives.txt:2:1: warning: negative keyword 'near me' blocks the keyword 'escorts near me' of template 'deterrence-search'\n    hint: remove the negative, or make it exact ([near me]) so it only stops that one search",
        "Campaigns/keywords/negatives.txt:3:1: warning: negative keyword 'buy sex' blocks the keyword 'buy sex' of template 'deterrence-search'\n    hint: remove the negative or the keyword: the campaign cannot show for a search it excludes",
    ]),
    DiagnosticCase(name: "keywordInTwoAdGroups", changes: [
        "Campaigns/templates/base.yaml": "channels:\n  - platform: google_ads\nkeywords:\n  lists: [buyers, more]\n  negatives: [negatives]\n",
        "Campaigns/keywords/more.txt": "hourly companion\n[hourly rates]\n",
    ], expected: [
        "Campaigns/keywords/more.txt:2:1: warning: 'hourly rates' is also in 'buyers'; template 'deterrence-search' would bid on it in two ad groups that compete",
    ]),
    DiagnosticCase(name: "zoneNegativeBlocksZoneKeyword", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    keywords: {add: [tampa escorts], negatives_add: [\"tampa\"]}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:9:54: warning: negative keyword 'tampa' blocks the keyword 'tampa escorts' of template 'deterrence-search'\n    hint: remove the negative, or make it exact ([tampa]) so it only stops that one search",
    ]),
    DiagnosticCase(name: "removeNotFound", changes: [
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    keywords: {remove: [escorts nearby]}\n  - template: social\n",
    ], expected: [
        "Campaigns/zones/fl-hillsborough.yaml:9:25: warning: 'escorts nearby' is not in this template's keyword lists, so there is nothing to remove\n    hint: did you mean 'escorts near me'?",
    ]),
    // Microsoft Advertising's own rules (MicrosoftAdsRules, AdGroupLimits): the fixture with a Microsoft account and its
    // search template on both google_ads and microsoft_ads (`MicrosoftFixture`).
    DiagnosticCase(name: "microsoftHeadlineEmojiCountsTwice", changes: MicrosoftFixture.changes([
        "Creative/deterrence/arrest.yaml": "purpose: deterrence\nsearch:\n  headlines:\n    - Buying Sex Is a Crime\n    - Buyers Are Arrested Here 🚨🚨🚨\n    - She Could Be a Minor\n  descriptions:\n    - Police arrest sex buyers in this county. Get help to stop.\n    - Many people sold for sex are children. Think before you act.\n  path1: stop\n",
    ]), expected: [
        "Creative/deterrence/arrest.yaml:5:7: error: Microsoft Advertising: headline is 31 characters as Microsoft counts them; the limit is 30\n    hint: each emoji and each Chinese, Japanese or Korean character counts as two there: shorten it by 1",
    ]),
    DiagnosticCase(name: "microsoftDescriptionChineseCountsTwice", changes: MicrosoftFixture.changes([
        "Creative/deterrence/arrest.yaml": "purpose: deterrence\nsearch:\n  headlines:\n    - Buying Sex Is a Crime\n    - Buyers Are Arrested Here\n    - She Could Be a Minor\n  descriptions:\n    - Police arrest sex buyers in this county. Get help to stop.\n    - 购买性服务是违法的。警方在本县逮捕买家。被出卖的人中有许多是儿童。请三思而后行，寻求保密帮助。\n  path1: stop\n",
    ]), expected: [
        "Creative/deterrence/arrest.yaml:9:7: error: Microsoft Advertising: description is 94 characters as Microsoft counts them; the limit is 90\n    hint: each emoji and each Chinese, Japanese or Korean character counts as two there: shorten it by 4",
    ]),
    DiagnosticCase(name: "microsoftPathJapaneseCountsTwice", changes: MicrosoftFixture.changes([
        "Creative/deterrence/arrest.yaml": "purpose: deterrence\nsearch:\n  headlines:\n    - Buying Sex Is a Crime\n    - Buyers Are Arrested Here\n    - She Could Be a Minor\n  descriptions:\n    - Police arrest sex buyers in this county. Get help to stop.\n    - Many people sold for sex are children. Think before you act.\n  path1: 相談窓口のご案内\n",
    ]), expected: [
        "Creative/deterrence/arrest.yaml:10:10: error: Microsoft Advertising: display path is 16 characters as Microsoft counts them; the limit is 15\n    hint: each emoji and each Chinese, Japanese or Korean character counts as two there: shorten it by 1",
    ]),
    DiagnosticCase(name: "microsoftLineBreakInHeadline", changes: MicrosoftFixture.changes([
        "Creative/deterrence/arrest.yaml": "purpose: deterrence\nsearch:\n  headlines:\n    - Buying Sex Is a Crime\n    - |\n      Buyers Are\n      Arrested Here\n    - She Could Be a Minor\n  descriptions:\n    - Police arrest sex buyers in this county. Get help to stop.\n    - Many people sold for sex are children. Think before you act.\n  path1: stop\n",
    ]), expected: [
        "Creative/deterrence/arrest.yaml:5:7: error: Microsoft Advertising: headline contains a line break, which Microsoft does not accept in ad text\n    hint: write it on one line: in YAML, quote it or write it plain, without | or >",
    ]),
    DiagnosticCase(name: "microsoftSharedLimitReportedOnce", changes: MicrosoftFixture.changes([
        "Creative/deterrence/arrest.yaml": "purpose: deterrence\nsearch:\n  headlines:\n    - Buying Sex Is a Crime\n    - Buyers Are Arrested Here 🚨🚨🚨🚨🚨🚨\n    - She Could Be a Minor\n  descriptions:\n    - Police arrest sex buyers in this county. Get help to stop.\n    - Many people sold for sex are children. Think before you act.\n  path1: stop\n",
    ]), expected: [
        "Creative/deterrence/arrest.yaml:5:7: error: headline is 31 characters; the limit is 30\n    hint: shorten it by 1",
    ]),
    DiagnosticCase(name: "microsoftDisplayURLTooLong", changes: MicrosoftFixture.changes([
        "Campaigns/templates/deterrence-search.yaml": "extends: base\npurpose: deterrence\naudience: buyers\ncreative: deterrence/arrest\nlanding_page: https://stop-buying-sex.hillsborough-county-anti-trafficking-coalition.example.org/{zone}\nbudget: {daily: 20.00}\n",
        "Creative/deterrence/arrest.yaml": "purpose: deterrence\nsearch:\n  headlines:\n    - Buying Sex Is a Crime\n    - Buyers Are Arrested Here\n    - She Could Be a Minor\n  descriptions:\n    - Police arrest sex buyers in this county. Get help to stop.\n    - Many people sold for sex are children. Think before you act.\n  path1: stop\n  path2: tampa\n",
    ]), expected: [
        "Creative/deterrence/arrest.yaml:10:10: error: Microsoft Advertising: display URL stop-buying-sex.hillsborough-county-anti-trafficking-coalition.example.org/stop/tampa is 83 characters without its slashes; the limit is 67\n    hint: Microsoft does not show an ad whose landing page domain, path1 and path2 together exceed 67 characters: shorten or drop the paths",
    ]),
    DiagnosticCase(name: "microsoftCampaignNameTooLong", changes: MicrosoftFixture.changes([
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, Florida — City of Tampa, Temple Terrace, Plant City and the unincorporated county\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 30.00}\n  - template: social\n",
    ]), expected: [
        "Campaigns/zones/fl-hillsborough.yaml:1:7: error: Microsoft Advertising: this name makes the campaign name of fl-hillsborough/deterrence-search/microsoft_ads 156 characters (tfz <zone>/<template>/<platform> · <name>); the limit is 128\n    hint: shorten this name to at most 74 characters",
    ]),
    DiagnosticCase(name: "microsoftLandingPageTooLong", changes: MicrosoftFixture.changes([
        "Campaigns/zones/fl-hillsborough.yaml": "name: Hillsborough County, FL\ncounty: \"12057\"\ntime_zone: America/New_York\ngeo:\n  - county: \"12057\"\n  - postal_codes: [\"33602\"]\ncampaigns:\n  - template: deterrence-search\n    budget: {daily: 30.00}\n    landing_page: https://example.org/stop/{zone}?utm_source={platform}&utm_content=\(String(repeating: "long-campaign-note-", count: 106))\n  - template: social\n",
    ]), expected: [
        "Campaigns/zones/fl-hillsborough.yaml:10:19: error: Microsoft Advertising: landing page is over 2,048 characters once its placeholders are filled in\n    hint: Microsoft rejects longer final URLs: shorten the address or its query string",
    ]),
    DiagnosticCase(name: "microsoftTooManyNegatives", changes: MicrosoftFixture.changes([
        "Campaigns/keywords/negatives.txt": (1...20_001).map { "[unrelated search \($0)]" }.joined(separator: "\n") + "\n",
    ]), expected: [
        "Campaigns/templates/base.yaml:7:14: error: Microsoft Advertising: a campaign of template 'deterrence-search' would have 20,001 negative keywords; the limit is 20,000 per campaign\n    hint: drop a list from keywords.negatives, or remove negatives that none of the campaign's keywords could match",
    ]),
    DiagnosticCase(name: "tooManyKeywordsInOneAdGroup", changes: MicrosoftFixture.changes([
        "Campaigns/keywords/buyers.txt": "# buyer searches\n" + (1...20_001).map { "\"buyer search \($0)\"" }.joined(separator: "\n") + "\n",
    ]), expected: [
        "Campaigns/keywords/buyers.txt:20002:1: error: ad group 'buyers' would have 20,001 keywords; Google Ads and Microsoft Advertising allow at most 20,000 in one ad group, and this is keyword 20,001\n    hint: split the list in two files and name both in the template's keywords.lists: each list is its own ad group",
    ]),
]

/// `Fixture` with a Microsoft Advertising account in tfz.yaml and the search template's base on Google and Microsoft.
enum MicrosoftFixture {
    static let config = Fixture.files["tfz.yaml"]!.replacingOccurrences(of: "  - name: meta-main\n", with: """
          - name: microsoft-main
            platform: microsoft_ads
            account_id: "180000001"
            endpoint: sandbox
            credentials: env:TFZ_MICROSOFT_ADS
          - name: meta-main

        """)
    static let base = """
        channels:
          - platform: google_ads
          - platform: microsoft_ads
        keywords:
          lists: [buyers]
          match_type: phrase
          negatives: [negatives]
        """

    /// The Microsoft fixture's changes plus `more`.
    static func changes(_ more: [String: String?]) -> [String: String?] {
        ["tfz.yaml": config, "Campaigns/templates/base.yaml": base].merging(more) { _, new in new }
    }
}
