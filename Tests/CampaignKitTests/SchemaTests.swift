import CampaignKit
import Foundation
import Testing
import Yams

/// The JSON schemas in docs/schema accept every shipped campaign file and reject broken ones.
///
/// The schemas are what VS Code's YAML extension uses to complete and check campaign files; these
/// tests keep them faithful to the sample library and prove that they actually reject mistakes.
@Suite("JSON schemas in docs/schema")
struct SchemaTests {
    /// The repository root: this file is Tests/CampaignKitTests/SchemaTests.swift.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// One schema and the files it governs.
    enum FileKind: String, CaseIterable, Sendable {
        case workspace = "tfz"
        case zone
        case template
        case creative

        var schemaPath: String { "docs/schema/\(rawValue).schema.json" }

        /// The `yaml.schemas` globs in .vscode/settings.json.
        var globs: [String] {
            switch self {
            case .workspace: ["tfz.yaml"]
            case .zone: ["Campaigns/zones/*.yaml"]
            case .template: ["Campaigns/templates/*.yaml"]
            case .creative: ["Creative/**/*.yaml"]
            }
        }

        func schema() throws -> JSONSchemaSubset {
            try JSONSchemaSubset(contentsOf: SchemaTests.repositoryRoot.appendingPathComponent(schemaPath))
        }

        /// Shipped files of this kind, as paths relative to the repository root, sorted.
        func shippedFiles() -> [String] {
            let root = SchemaTests.repositoryRoot
            let manager = FileManager.default
            switch self {
            case .workspace:
                return manager.fileExists(atPath: root.appendingPathComponent("tfz.yaml").path) ? ["tfz.yaml"] : []
            case .zone:
                return Self.yamlFiles(in: "Campaigns/zones", recursive: false)
            case .template:
                return Self.yamlFiles(in: "Campaigns/templates", recursive: false)
            case .creative:
                return Self.yamlFiles(in: "Creative", recursive: true)
            }
        }

        private static func yamlFiles(in folder: String, recursive: Bool) -> [String] {
            let directory = SchemaTests.repositoryRoot.appendingPathComponent(folder)
            let manager = FileManager.default
            let names: [String]
            if recursive {
                names = (manager.enumerator(atPath: directory.path)?.allObjects as? [String]) ?? []
            } else {
                names = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? []
            }
            return names.filter { $0.hasSuffix(".yaml") }.map { "\(folder)/\($0)" }.sorted()
        }
    }

    /// Validates YAML text against a schema; violations rendered as `file:line:column: $.path: message`.
    static func violations(of yaml: String, kind: FileKind, file: String = "<inline>") throws -> [String] {
        let document = try YAMLDocument(yaml: yaml)
        return try kind.schema().validate(document.value).map { violation in
            let mark = document.location(of: violation).map { "\($0.line):\($0.column)" } ?? "1:1"
            return "\(file):\(mark): \(violation)"
        }
    }

    // MARK: - The schemas themselves

    @Test("each schema is valid JSON using only the supported keywords", arguments: FileKind.allCases)
    func schemaLoads(kind: FileKind) throws {
        let schema = try kind.schema()
        guard case .object(let root) = schema.root else {
            Issue.record("\(kind.schemaPath) is not a JSON object")
            return
        }
        #expect(root["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        #expect(root["additionalProperties"] == .bool(false))
        #expect(root["description"] != nil)
    }

    @Test("every object in every schema forbids unknown keys and describes itself", arguments: FileKind.allCases)
    func objectsAreClosedAndDescribed(kind: FileKind) throws {
        let schema = try kind.schema()
        var problems: [String] = []
        func walk(_ node: JSONValue, _ pointer: String) {
            guard case .object(let keywords) = node else { return }
            if keywords["type"] == .string("object") && keywords["additionalProperties"] != .bool(false) {
                problems.append("\(pointer): object without additionalProperties: false")
            }
            // Properties of real objects need help text; a `$ref` brings its target's. (Property lists
            // inside anyOf/oneOf branches without a type only narrow values and show no help.)
            if keywords["type"] == .string("object"), case .object(let properties) = keywords["properties"] {
                for (name, property) in properties where !isDescribed(property) {
                    problems.append("\(pointer)/properties/\(name): no description")
                }
            }
            for (keyword, value) in keywords {
                switch value {
                case .object(let members) where keyword == "properties" || keyword == "$defs":
                    for (name, member) in members { walk(member, "\(pointer)/\(keyword)/\(name)") }
                case .object where keyword == "items" || keyword == "additionalProperties":
                    walk(value, "\(pointer)/\(keyword)")
                case .array(let branches) where keyword == "anyOf" || keyword == "oneOf":
                    for (index, branch) in branches.enumerated() { walk(branch, "\(pointer)/\(keyword)/\(index)") }
                default:
                    break
                }
            }
        }
        func isDescribed(_ node: JSONValue) -> Bool {
            guard case .object(let keywords) = node else { return false }
            if keywords["description"] != nil || keywords["markdownDescription"] != nil { return true }
            guard case .string(let reference) = keywords["$ref"], reference.hasPrefix("#/$defs/"),
                  case .object(let root) = schema.root, case .object(let definitions) = root["$defs"],
                  let target = definitions[String(reference.dropFirst("#/$defs/".count))]
            else { return false }
            return isDescribed(target)
        }
        walk(schema.root, kind.schemaPath + "#")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("the validator refuses schema keywords it does not implement")
    func validatorRefusesUnsupportedKeywords() {
        let schema = JSONValue.object(["type": .string("object"), "patternProperties": .object([:])])
        #expect(throws: JSONSchemaSubset.SchemaError.self) { try JSONSchemaSubset(schema: schema) }
        let dangling = JSONValue.object(["$ref": .string("#/$defs/missing")])
        #expect(throws: JSONSchemaSubset.SchemaError.self) { try JSONSchemaSubset(schema: dangling) }
    }

    @Test(".vscode/settings.json maps each schema to its files")
    func vscodeSettingsMapSchemas() throws {
        let url = Self.repositoryRoot.appendingPathComponent(".vscode/settings.json")
        let settings = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url))
        guard case .object(let top) = settings, case .object(let mapping)? = top["yaml.schemas"] else {
            Issue.record(".vscode/settings.json has no \"yaml.schemas\" object")
            return
        }
        for kind in FileKind.allCases {
            let globs: [String]
            switch mapping["./" + kind.schemaPath] {
            case .array(let values)?: globs = values.compactMap { if case .string(let glob) = $0 { glob } else { nil } }
            case .string(let glob)?: globs = [glob]
            default: globs = []
            }
            #expect(globs == kind.globs, "yaml.schemas[\"./\(kind.schemaPath)\"]")
        }
    }

    @Test("YAML scalars are typed as VS Code's YAML extension types them (YAML 1.2 core schema)")
    func yamlScalarsFollowTheCoreSchema() throws {
        let document = try YAMLDocument(yaml: """
            time: 18:00
            date: 2026-01-01
            money: 40.00
            count: 15
            zip: 01001
            quoted: "12057"
            word: yes
            flag: true
            empty:
            list: [a, 2]
            """)
        #expect(document.value == .object([
            "time": .string("18:00"),
            "date": .string("2026-01-01"),
            "money": .number(40),
            "count": .integer(15),
            "zip": .integer(1001),
            "quoted": .string("12057"),
            "word": .string("yes"),
            "flag": .bool(true),
            "empty": .null,
            "list": .array([.string("a"), .integer(2)]),
        ]))
    }

    // MARK: - The shipped library

    @Test("every shipped campaign file matches its schema")
    func shippedFilesMatchSchemas() throws {
        var counts: [FileKind: Int] = [:]
        for kind in FileKind.allCases {
            let schema = try kind.schema()
            for file in kind.shippedFiles() {
                let text = try String(contentsOf: Self.repositoryRoot.appendingPathComponent(file), encoding: .utf8)
                let document: YAMLDocument
                do {
                    document = try YAMLDocument(yaml: text)
                } catch {
                    Issue.record("\(file): not valid YAML: \(error)")
                    continue
                }
                counts[kind, default: 0] += 1
                for violation in schema.validate(document.value) {
                    let mark = document.location(of: violation).map { "\($0.line):\($0.column)" } ?? "1:1"
                    Issue.record("\(file):\(mark): \(violation)")
                }
                checkModeline(of: text, file: file, kind: kind)
            }
        }
        #expect(counts[.workspace] == 1, "tfz.yaml was not found at the repository root")
        #expect(counts[.zone, default: 0] >= 1, "no zone files validated")
        #expect(counts[.template, default: 0] >= 1, "no template files validated")
        #expect(counts[.creative, default: 0] >= 1, "no creative files validated")
    }

    /// A `# yaml-language-server: $schema=…` modeline, when present, must point at the right schema.
    private func checkModeline(of text: String, file: String, kind: FileKind) {
        let marker = "# yaml-language-server: $schema="
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(marker) }) else { return }
        let target = line.dropFirst(marker.count).trimmingCharacters(in: .whitespaces)
        let resolved = Self.repositoryRoot.appendingPathComponent(file).deletingLastPathComponent()
            .appendingPathComponent(target).standardizedFileURL.path
        let expected = Self.repositoryRoot.appendingPathComponent(kind.schemaPath).standardizedFileURL.path
        #expect(resolved == expected, "\(file): modeline $schema=\(target) should point at \(kind.schemaPath)")
    }

    // MARK: - The user reference

    @Test("the annotated examples in docs/campaign-files.md match their schemas")
    func documentedExamplesMatchSchemas() throws {
        let text = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("docs/campaign-files.md"), encoding: .utf8)
        let blocks = text.components(separatedBy: "```yaml\n").dropFirst().compactMap { $0.components(separatedBy: "\n```").first }
        var checked = Set<FileKind>()
        for block in blocks {
            // Blocks that name their schema in a modeline are complete files; others are fragments.
            let hasContent = block.split(separator: "\n").contains { !$0.hasPrefix("#") && !$0.allSatisfy(\.isWhitespace) }
            guard hasContent, let kind = FileKind.allCases.first(where: { block.contains("$schema=") && block.contains($0.schemaPath) }) else { continue }
            checked.insert(kind)
            for violation in try Self.violations(of: block, kind: kind, file: "docs/campaign-files.md (\(kind.rawValue) example)") {
                Issue.record("\(violation)")
            }
        }
        #expect(checked == Set(FileKind.allCases), "each file kind should have a complete example with a modeline")
    }

    @Test("every key in the schemas is documented in docs/campaign-files.md", arguments: FileKind.allCases)
    func everyKeyIsDocumented(kind: FileKind) throws {
        let text = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("docs/campaign-files.md"), encoding: .utf8)
        var keys = Set<String>()
        func collect(_ node: JSONValue) {
            switch node {
            case .object(let keywords):
                if case .object(let properties) = keywords["properties"] { keys.formUnion(properties.keys) }
                for (keyword, value) in keywords where keyword != "enum" && keyword != "const" && keyword != "examples" {
                    collect(value)
                }
            case .array(let items):
                items.forEach(collect)
            default:
                break
            }
        }
        collect(try kind.schema().root)
        let missing = keys.filter { !text.contains("`\($0)`") }.sorted()
        #expect(missing.isEmpty, "not documented as `key`: \(missing.joined(separator: ", "))")
    }

    @Test("the language table in the docs lists exactly the terms tfz checks")
    func languageTableMatchesRules() throws {
        let text = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("docs/campaign-files.md"), encoding: .utf8)
        guard let section = text.components(separatedBy: "## Language guidance for outreach copy").dropFirst().first else {
            Issue.record("docs/campaign-files.md has no \"Language guidance for outreach copy\" section")
            return
        }
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Discouraged") }
        let documented = rows.map { row in row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
            .map { "\($0[0]) → \($0[1])" }
        let checked = LanguageRules.discouraged.map { "\($0.term) → \($0.suggestion)" }
        #expect(documented.sorted() == checked.sorted())
        #expect(documented.count == 18)
    }

    // MARK: - Rejecting mistakes

    static let validWorkspace = """
        version: 1
        organization: TraffickingFree Zone Florida
        currency: USD
        time_zone: America/New_York
        accounts:
          - name: google-main
            platform: google_ads
            account_id: "1234567890"
            credentials: env:TFZ_GOOGLE_ADS
        guardrails:
          max_daily_budget_per_campaign: 150.00
          monthly_cap: "20000"
        """

    static let validZone = """
        name: Hillsborough County, FL
        county: "12057"
        geo:
          - county: "12057"
          - radius: {latitude: 27.9506, longitude: -82.4572, miles: 15}
        campaigns:
          - template: deterrence-search
            status: paused
            budget: {daily: 40.00}
            flight: {start: 2026-01-01, end: 2026-12-31}
            keywords:
              add: ["buy sex tampa", "[tampa escorts]"]
        """

    static let validTemplate = """
        extends: base-search
        purpose: deterrence
        audience: buyers
        channels:
          - platform: meta
            trigger: interests
            interests: ["Social issues"]
        creative: deterrence/arrest-warning
        landing_page: https://example.org/stop/{zone}?utm_source={platform}
        dayparts:
          - {days: [fri, sat], from: "18:00", to: "24:00"}
          - {days: weekdays, from: "00:00", to: "02:00"}
        budget: {daily: "25"}
        """

    static let validCreative = """
        purpose: outreach
        search:
          headlines: [You are not alone, Help is available, Call or text today]
          descriptions: [Confidential help 24/7., Talk to someone who understands.]
          path1: help
        hotline: {phone: 1-888-373-7888, sms: "233733"}
        """

    @Test("the inline baseline documents are valid", arguments: [
        (FileKind.workspace, validWorkspace), (.zone, validZone), (.template, validTemplate), (.creative, validCreative),
    ])
    func baselinesAreValid(kind: FileKind, yaml: String) throws {
        let found = try Self.violations(of: yaml, kind: kind)
        #expect(found == [])
    }

    @Test("unquoted dates and times are text, and a meta channel's trigger defaults to interests")
    func editorFriendlySpellingsAreValid() throws {
        let template = """
            channels:
              - {platform: meta, interests: [Social issues]}
              - {platform: google_ads}
            dayparts:
              - {days: [sat], from: 18:00, to: 24:00}
            flight: {start: 2027-01-01}
            """
        let zone = """
            name: Pinellas County, FL
            county: "12103"
            campaigns:
              - template: deterrence-search
                flight: {end: 2027-06-30}
            """
        let found = try Self.violations(of: template, kind: .template) + Self.violations(of: zone, kind: .zone)
        #expect(found == [])
    }

    @Test("a template that only extends another is valid: every key may come from the parent")
    func bareExtendingTemplateIsValid() throws {
        let found = try Self.violations(of: "extends: base-search\n", kind: .template)
        #expect(found == [])
    }

    /// A broken variant of a baseline document and the one violation it must produce.
    struct Mistake: Sendable, CustomTestStringConvertible {
        var name: String
        var kind: FileKind
        var yaml: String
        var expected: String
        var testDescription: String { name }
    }

    static let mistakes: [Mistake] = [
        Mistake(
            name: "unknown key in tfz.yaml",
            kind: .workspace,
            yaml: validWorkspace + "\nstorage: sqlite\n",
            expected: #"<inline>:13:1: $.storage: unknown key "storage" (allowed: accounts, currency, defaults, guardrails, metrics, organization, store, time_zone, version)"#),
        Mistake(
            name: "unknown key in an account",
            kind: .workspace,
            yaml: validWorkspace.replacingOccurrences(of: "    credentials:", with: "    token: abc\n    credentials:"),
            expected: #"<inline>:9:5: $.accounts[0].token: unknown key "token" (allowed: account_id, api_version, credentials, endpoint, grant, name, page_id, platform)"#),
        Mistake(
            name: "missing required key in tfz.yaml",
            kind: .workspace,
            yaml: validWorkspace.replacingOccurrences(of: "currency: USD\n", with: ""),
            expected: #"<inline>:1:1: $: missing required key "currency""#),
        Mistake(
            name: "wrong platform enum value",
            kind: .workspace,
            yaml: validWorkspace.replacingOccurrences(of: "platform: google_ads", with: "platform: google"),
            expected: #"<inline>:7:15: $.accounts[0].platform: "google" is not one of: google_ads, microsoft_ads, meta, reddit"#),
        Mistake(
            name: "wrong type: version as text",
            kind: .workspace,
            yaml: validWorkspace.replacingOccurrences(of: "version: 1", with: "version: \"1\""),
            expected: #"<inline>:1:10: $.version: expected integer, found string "1""#),
        Mistake(
            name: "wrong type: unquoted county code is a number",
            kind: .zone,
            yaml: validZone.replacingOccurrences(of: "county: \"12057\"\ngeo", with: "county: 12057\ngeo"),
            expected: #"<inline>:2:9: $.county: expected string, found integer 12057"#),
        Mistake(
            name: "money that is not a decimal",
            kind: .zone,
            yaml: validZone.replacingOccurrences(of: "daily: 40.00", with: "daily: forty"),
            expected: #"<inline>:9:21: $.campaigns[0].budget.daily: matches none of the 2 allowed forms (closest: $.campaigns[0].budget.daily: expected number, found string "forty")"#),
        Mistake(
            name: "date not written YYYY-MM-DD",
            kind: .zone,
            yaml: validZone.replacingOccurrences(of: "end: 2026-12-31", with: "end: 31/12/2026"),
            expected: #"<inline>:10:38: $.campaigns[0].flight.end: "31/12/2026" does not match the pattern ^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"#),
        Mistake(
            name: "wrong status enum value",
            kind: .zone,
            yaml: validZone.replacingOccurrences(of: "status: paused", with: "status: stopped"),
            expected: #"<inline>:8:13: $.campaigns[0].status: "stopped" is not one of: active, paused"#),
        Mistake(
            name: "geo item with two kinds of area",
            kind: .zone,
            yaml: validZone.replacingOccurrences(of: "  - county: \"12057\"\n", with: "  - county: \"12057\"\n    postal_codes: [\"33602\"]\n"),
            expected: #"<inline>:4:5: $.geo[0]: matches none of the 4 allowed forms (closest: $.geo[0].postal_codes: unknown key "postal_codes" (allowed: county))"#),
        Mistake(
            name: "unknown placeholder in landing page",
            kind: .template,
            yaml: validTemplate.replacingOccurrences(of: "{platform}", with: "{campaign}"),
            expected: #"<inline>:9:15: $.landing_page: "https://example.org/stop/{zone}?utm_sour…" does not match the pattern ^https://([^{}\s]|\{(zone|county|template|platform|purpose)\})+$"#),
        Mistake(
            name: "interests trigger without interests",
            kind: .template,
            yaml: validTemplate.replacingOccurrences(of: "    interests: [\"Social issues\"]\n", with: ""),
            expected: #"<inline>:5:5: $.channels[0]: matches none of the 2 allowed forms (closest: $.channels[0]: missing required key "interests")"#),
        Mistake(
            name: "daypart off the 15-minute grid",
            kind: .template,
            yaml: validTemplate.replacingOccurrences(of: "from: \"18:00\"", with: "from: \"18:10\""),
            expected: #"<inline>:11:30: $.dayparts[0].from: "18:10" does not match the pattern ^([01][0-9]|2[0-3]):(00|15|30|45)$"#),
        Mistake(
            name: "headline too long",
            kind: .creative,
            yaml: validCreative.replacingOccurrences(of: "Call or text today", with: "Call or text the hotline today any time"),
            expected: #"<inline>:3:53: $.search.headlines[2]: is 39 characters, at most 30 allowed"#),
        Mistake(
            name: "too few descriptions",
            kind: .creative,
            yaml: validCreative.replacingOccurrences(of: ", Talk to someone who understands.", with: ""),
            expected: #"<inline>:4:17: $.search.descriptions: has 1 item(s), at least 2 required"#),
        Mistake(
            name: "wrong call_to_action enum value",
            kind: .creative,
            yaml: validCreative + "\nsocial: {primary_text: You are not alone., call_to_action: CLICK_HERE}\n",
            expected: #"<inline>:7:60: $.social.call_to_action: "CLICK_HERE" is not one of: LEARN_MORE, CONTACT_US, SIGN_UP, GET_QUOTE, APPLY_NOW, CALL_NOW, MESSAGE_PAGE, SEND_MESSAGE, DOWNLOAD, SEE_MORE, NO_BUTTON"#),
        Mistake(
            name: "creative with neither search nor social",
            kind: .creative,
            yaml: "purpose: education\nhotline: {sms: \"233733\"}\n",
            expected: #"<inline>:1:1: $: matches none of the 2 allowed forms (closest: $: missing required key "search")"#),
    ]

    @Test("the schemas reject mistakes, naming the file, line, column and JSON path", arguments: mistakes)
    func rejects(mistake: Mistake) throws {
        let found = try Self.violations(of: mistake.yaml, kind: mistake.kind)
        #expect(found == [mistake.expected])
    }
}
