import Foundation
/// One remote object that tfz created for a campaign, by the platform's resource name or id.
public struct RemoteObject: Sendable, Codable, Hashable {
    public var key: CampaignKey
    /// Which part of the campaign it is, stably across runs (stored as its text form, e.g. `geo:county 12057`).
    public var localKey: ObjectKey
    /// The platform's name for it, e.g. `customers/1234567890/campaigns/987`.
    public var resourceName: String

    public init(key: CampaignKey, localKey: ObjectKey, resourceName: String) {
        self.key = key
        self.localKey = localKey
        self.resourceName = resourceName
    }
}

/// One line of the change log: every action tfz took, who took it, and how it ended.
public struct ChangeLogEntry: Sendable, Codable, Hashable {
    /// ISO 8601 UTC.
    public var at: String
    /// `user:<name>` or `scheduler`.
    public var actor: String
    public var action: ChangeAction
    public var key: CampaignKey?
    public var platform: Platform?
    /// What was done, e.g. `12 operations`; never a credential.
    public var detail: String
    /// `ok` or `failed: <reason>`.
    public var result: String
    /// The machine the acting tfz ran on (its host name): with a team store, several machines write one change log.
    /// Nil in entries written before tfz recorded it.
    public var machine: String?

    /// An entry; `machine` defaults to this machine.
    public init(at: String, actor: String, action: ChangeAction, key: CampaignKey?, platform: Platform?, detail: String, result: String,
                machine: String? = ProcessInfo.processInfo.hostName) {
        self.machine = machine
        self.at = at
        self.actor = actor
        self.action = action
        self.key = key
        self.platform = platform
        self.detail = detail
        self.result = result
    }
}

/// Where appliers write what they did, as they do it (so a crash loses at most the step in flight).
public protocol StateRecorder: StateStore {
    /// The objects recorded for a campaign.
    func objects(for key: CampaignKey) throws -> [RemoteObject]
    /// Records objects (upsert by key + localKey) in one transaction.
    func record(objects: [RemoteObject]) throws
    /// Forgets objects (they were removed remotely).
    func forget(objects: [RemoteObject]) throws
    /// Upserts the campaign's remote row (ids, status, applied snapshot).
    func record(campaign: RemoteCampaign) throws
    func log(_ entry: ChangeLogEntry) throws
    func changeLog(limit: Int) throws -> [ChangeLogEntry]
}
