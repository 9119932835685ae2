import Foundation

@testable import Sandbox

/// Reads report archives in the tests (ZIPFoundation via the sandbox; `MicrosoftReportingTests` also
/// checks one archive with Python's zipfile, an independent reader).
enum MicrosoftZip {
    static func files(_ data: Data) throws -> [(name: String, contents: Data)] {
        try MicrosoftReportArchive.files(in: data)
    }
}

/// The reference digest `../shared/reference/microsoft-ads-v13.json` next to the repository, and checks of
/// wire JSON against its models (independent of the sandbox's generated tables).
enum MicrosoftReference {
    static let url: URL = {
        // `../shared/reference/` beside the repository when it is there, else the copy in `Tests/Reference/`.
        let repo = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = repo.deletingLastPathComponent().appendingPathComponent("shared/reference/microsoft-ads-v13.json")
        return FileManager.default.fileExists(atPath: shared.path) ? shared : repo.appendingPathComponent("Tests/Reference/microsoft-ads-v13.json")
    }()
    static var available: Bool { FileManager.default.fileExists(atPath: url.path) }

    nonisolated(unsafe) static let models: [String: [String: Any]] = {
        guard let data = try? Data(contentsOf: url),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return json["models"] as? [String: [String: Any]] ?? [:]
    }()

    /// Problems of `value` as model `name` (`cm.Campaign`): unknown keys, unknown `Type` values, ids that are
    /// not strings, nested models checked by their `Type`.
    static func problems(_ value: Any, model name: String, path: String = "") -> [String] {
        guard var model = models[name] else { return ["no model \(name)"] }
        guard let object = value as? [String: Any] else { return ["\(path): not an object"] }
        let prefix = name.split(separator: ".").first.map(String.init) ?? "cm"
        var out: [String] = []
        if let subtypes = model["subtypes"] as? [String: String], let type = object["Type"] as? String {
            guard let concrete = subtypes[type] else { return ["\(path).Type: \(type) is not a \(name) subtype"] }
            if let concreteModel = models["\(prefix).\(concrete)"] {
                model = concreteModel
                if let typeValue = concreteModel["typeValue"] as? String, typeValue != type {
                    out.append("\(path).Type: wrote \(type), the typeValue is \(typeValue)")
                }
            }
        }
        let fields = (model["fields"] as? [[String: Any]] ?? []).reduce(into: [String: [String: Any]]()) {
            $0[$1["name"] as! String] = $1
        }
        for (key, member) in object {
            guard let field = fields[key] else {
                out.append("\(path).\(key): not a field of \(name)")
                continue
            }
            if member is NSNull { continue }
            let type = field["type"] as? String ?? ""
            let isArray = field["array"] as? Bool ?? false
            let elements: [Any] = isArray ? (member as? [Any] ?? []) : [member]
            for element in elements where !(element is NSNull) {
                if type == "string", field["format"] as? String == "int64", !(element is String) {
                    out.append("\(path).\(key): int64 not written as a string")
                }
                if models["\(prefix).\(type)"] != nil {
                    out += problems(element, model: "\(prefix).\(type)", path: "\(path).\(key)")
                }
            }
        }
        return out
    }
}
