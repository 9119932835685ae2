import Dispatch
import Synchronization

/// Maps `items` on all cores, keeping order. `body` must be pure.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ body: @Sendable (T) -> R) -> [R] {
    if items.count < 64 { return items.map(body) }
    let chunks = min(items.count, 64)
    let results = Mutex<[[R]]>(Array(repeating: [], count: chunks))
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let lower = items.count * chunk / chunks, upper = items.count * (chunk + 1) / chunks
        let mapped = items[lower..<upper].map(body)
        results.withLock { $0[chunk] = mapped }
    }
    return results.withLock { $0.flatMap { $0 } }
}
