/// The account a mutate request works on, plus what the request has created so far.
///
/// Operations change a copy; `SandboxEngine` commits the copy only when the request succeeds
/// (or, with `partialFailure`, keeps the operations that succeeded).
struct MutateWorkspace: Sendable {
    let customerId: String
    var account: StoredAccount
    var counters: [String: Int64]
    /// Temporary resource name (`customers/1/campaigns/-2`) → the real one, in request order.
    var tempIds: [String: String] = [:]
    let seed: UInt64
    /// Today in `yyyy-MM-dd` (the sandbox clock), for default campaign start dates.
    let today: String

    /// The next id from the named counter. Counters start at a seed-derived value and only grow.
    mutating func nextId(_ counter: String) -> Int64 {
        let id = counters[counter] ?? Self.firstId(seed: seed, counter: counter)
        counters[counter] = id + 1
        return id
    }

    static func firstId(seed: UInt64, counter: String) -> Int64 {
        var generator = SeededRandom(seed: seed, stream: "ids.\(counter)")
        return Int64(100_000 + generator.next() % 800_000) * 1_000 + 1
    }

    func resource(_ kind: ResourceKind, _ name: String) -> SandboxJSON? { account.resource(kind, name) }

    func all(_ kind: ResourceKind) -> [String: SandboxJSON] { account[kind] }
}
