import CampaignKit
import Foundation

extension TickPlan {
    /// One line for the daemon log: `tick 2027-01-01T05:00:00Z: 2 launched, 1 paused, 3 held, 1 missed`.
    ///
    /// Counts that are zero are left out; a tick with none says `nothing to do`.
    public var summary: String {
        let counts = [(launched, "launched"), (enabled, "enabled"), (paused, "paused"), (held, "held"), (blocked, "blocked"),
                      (missed.count, "missed")]
        let parts = counts.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return "tick \(ZoneTime.iso(now)): " + (parts.isEmpty ? "nothing to do" : parts.joined(separator: ", "))
    }

    /// The summary, then a line per change, hold, refusal and missed boundary, then what was left as it was.
    ///
    /// Campaigns running, waiting for their flight or ended are only counted: a library of hundreds of zones
    /// would otherwise write hundreds of lines a tick.
    public var lines: [String] {
        var out = [summary]
        var running = 0, waiting = 0, ended = 0, pausedInFiles = 0
        for action in actions {
            switch action {
            case .launch(let key): out.append("launch  \(key)")
            case .enable(let key, let reason): out.append("enable  \(key): \(reason)")
            case .pause(let key, let reason): out.append("pause   \(key): \(reason)")
            case .none(let key, .held): out.append("held    \(key): on hold by a person; not touched")
            case .none(let key, .blocked(let reason)): out.append("blocked \(key): \(reason)")
            case .none(let key, .removedOnPlatform): out.append("removed \(key): removed on the platform; not re-created (tfz launch does that)")
            case .none(_, .running): running += 1
            case .none(_, .waiting): waiting += 1
            case .none(_, .ended): ended += 1
            case .none(_, .pausedInFiles): pausedInFiles += 1
            }
        }
        out += missed.map { "missed  \($0)" }
        let rest = [(running, "running"), (waiting, "waiting for their flight"), (ended, "flight ended"), (pausedInFiles, "paused in the files")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        if !rest.isEmpty { out.append("unchanged: " + rest.joined(separator: ", ")) }
        return out
    }

    /// `lines`, joined with newlines.
    public var rendered: String { lines.joined(separator: "\n") }
}
