import CampaignKit

/// One `MutateOperation` of a `googleAds:mutate` request, with what it stands for in tfz's terms.
public struct GoogleAdsOperation: Sendable {
    public enum Kind: String, Sendable { case create, update, remove }

    public var key: CampaignKey
    /// The part of the campaign it makes or changes (see `RemoteObject.localKey`).
    public var localKey: ObjectKey
    public var kind: Kind
    /// The `MutateOperation` member, e.g. `campaignBudgetOperation`.
    public var member: String
    /// The operation body: `{"create": {...}}`, `{"update": {...}, "updateMask": "status"}` or `{"remove": "customers/…"}`.
    public var body: JSONValue
    /// For a create: the temporary resource name it defines, which later operations may reference.
    public var temporaryName: String?

    /// `{"campaignOperation": {...}}`.
    public var mutateOperation: JSONValue { .object([(member, body)]) }

    /// The result member that answers it in `mutateOperationResponses`, e.g. `campaignResult`.
    public var resultMember: String { String(member.dropLast("Operation".count)) + "Result" }
}
