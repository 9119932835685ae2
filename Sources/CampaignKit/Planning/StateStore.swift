/// Where remote state lives. The SQLite store (under `.tfz/`) implements this; so can a test.
public protocol StateStore: Sendable {
    /// The known remote state of the workspace's campaigns.
    func remoteState() throws -> RemoteState
}
