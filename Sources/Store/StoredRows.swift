import CampaignKit
import Foundation

/// Rows of either store read into tfz's types: the checks and the messages are the same whatever database held them.
enum StoredRows {
    static func campaign(key text: String, accountId: String, remoteId: String?, status statusText: String, appliedJSON json: String,
                         appliedAt: String?, incomplete: Bool) throws -> RemoteCampaign {
        guard let key = CampaignKey(text) else {
            throw StoreError(.unreadableRow, "The state store holds a campaign key this version of tfz cannot read: \(text).")
        }
        guard let status = RemoteCampaign.Status(rawValue: statusText) else {
            throw StoreError(.unreadableRow, "The state store holds a status this version of tfz cannot read for \(key): \(statusText).")
        }
        let applied: CampaignSnapshot
        do {
            applied = try JSONDecoder().decode(CampaignSnapshot.self, from: Data(json.utf8))
        } catch {
            throw StoreError(.unreadableRow, "The last applied snapshot of \(key) in the state store cannot be read by this version of tfz.")
        }
        return RemoteCampaign(key: key, accountId: accountId, remoteId: remoteId, status: status, applied: applied, appliedAt: appliedAt,
                              incomplete: incomplete)
    }

    static func entry(at: String, actor: String, action: String, key keyText: String?, platform platformText: String?, detail: String,
                      result: String, machine: String?) throws -> ChangeLogEntry {
        let key = try keyText.map { text in
            guard let key = CampaignKey(text) else {
                throw StoreError(.unreadableRow, "The change log holds a campaign key this version of tfz cannot read: \(text).")
            }
            return key
        }
        let platform = try platformText.map { text in
            guard let platform = Platform(rawValue: text) else {
                throw StoreError(.unreadableRow, "The change log holds a platform this version of tfz does not know: \(text).")
            }
            return platform
        }
        return ChangeLogEntry(at: at, actor: actor, action: ChangeAction(rawValue: action), key: key, platform: platform, detail: detail,
                              result: result, machine: machine)
    }
}
