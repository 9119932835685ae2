import CampaignKit
import Foundation

/// Decides what a scheduler tick does at `now`: launch campaigns whose flight has begun, pause those whose
/// flight has ended, and say which flight boundaries passed while no tick ran.
///
/// Rules, per campaign in the files:
/// - held by a person: never touched, whatever its flight;
/// - removed on the platform: left alone (re-creating is `tfz launch`'s decision, not the clock's);
/// - before its flight: nothing, unless it is enabled ("flight has not started" pauses it);
/// - after its flight: paused ("flight ended YYYY-MM-DD") if enabled;
/// - in flight: paused if `status: paused` in the files or a guardrail refuses it, else launched or enabled.
///
/// Campaigns in `remote` but no longer in the files are not the tick's business: plan and launch handle them.
/// Dayparts are not either: the platforms apply them natively. Pure: `now` is a parameter.
public enum TickPlanner {
    /// - Parameters:
    ///   - holds: campaigns a person put on hold.
    ///   - blocked: campaigns a guardrail refuses, with the reason.
    ///   - lastTick: the previous tick (nil on the first: nothing is reported missed).
    ///   - defaultTimeZone: the workspace's zone, for a campaign whose zone is unknown.
    ///   - grace: a boundary acted on within this long is on time, not missed; the daemon passes its tick interval.
    public static func plan(campaigns: [Campaign], remote: RemoteState, holds: Set<CampaignKey>, blocked: [CampaignKey: String],
                            now: Date, lastTick: Date?, defaultTimeZone: String, grace: TimeInterval = 15 * 60) -> TickPlan {
        var actions: [TickAction] = []
        var missed: [MissedTransition] = []
        for campaign in campaigns.sorted(by: { $0.key < $1.key }) {
            let timeZone = ZoneTime.timeZone(campaign.timeZone, default: defaultTimeZone)
            let window = FlightWindow(campaign.flight, in: timeZone)
            let action = decide(campaign, window: window, remote: remote.campaigns[campaign.key], held: holds.contains(campaign.key),
                                blocked: blocked[campaign.key], now: now)
            actions.append(action)
            if let lastTick, let m = missedTransition(campaign, window: window, timeZone: timeZone, action: action,
                                                      remote: remote.campaigns[campaign.key], now: now, lastTick: lastTick, grace: grace) {
                missed.append(m)
            }
        }
        return TickPlan(now: now, lastTick: lastTick, actions: actions, missed: missed)
    }

    static func decide(_ c: Campaign, window: FlightWindow, remote r: RemoteCampaign?, held: Bool, blocked: String?, now: Date) -> TickAction {
        let key = c.key
        if held { return .none(key, .held) }
        if r?.status == .removed { return .none(key, .removedOnPlatform) }
        // A record without a remote id is a launch that did not finish: launching again resumes it.
        let launched = r?.remoteId != nil
        let enabled = launched && r?.status == .enabled
        switch window.phase(at: now) {
        case .before(let startsAt):
            return enabled ? .pause(key, reason: "flight has not started") : .none(key, .waiting(startsAt: startsAt))
        case .after(let endedAt):
            let reason = "flight ended \(c.flight?.end?.description ?? ZoneTime.iso(endedAt))"
            return enabled ? .pause(key, reason: reason) : .none(key, .ended(endedAt: endedAt))
        case .during:
            if c.status == .paused {
                return enabled ? .pause(key, reason: "status: paused in the files") : .none(key, .pausedInFiles)
            }
            if let blocked {
                return enabled ? .pause(key, reason: blocked) : .none(key, .blocked(reason: blocked))
            }
            if !launched { return .launch(key) }
            if !enabled { return .enable(key, reason: c.flight.map { "in flight (\($0.description))" } ?? "no flight dates: runs once launched") }
            return .none(key, .running)
        }
    }

    static func missedTransition(_ c: Campaign, window: FlightWindow, timeZone: TimeZone, action: TickAction, remote r: RemoteCampaign?,
                                 now: Date, lastTick: Date, grace: TimeInterval) -> MissedTransition? {
        // Holds, removals and paused files are people's decisions: no boundary of theirs is "missed".
        if case .none(_, let idle) = action, idle == .held || idle == .removedOnPlatform || idle == .pausedInFiles { return nil }
        func passed(_ instant: Date?) -> Date? {
            guard let instant, lastTick < instant, instant <= now else { return nil }
            return instant
        }
        let start = passed(window.startsAt), end = passed(window.endsAt)
        if start != nil, let end {
            let outcome: String
            switch action {
            case .pause: outcome = "pausing now"
            default: outcome = r?.remoteId == nil ? "not launched" : "it stayed paused"
            }
            return MissedTransition(key: c.key, kind: .beganAndEnded, at: end,
                                    message: "flight \(c.flight?.description ?? "") began and ended while no tick ran (last tick \(ZoneTime.iso(lastTick))); \(outcome)")
        }
        if let start, now.timeIntervalSince(start) > grace {
            let verb: String
            switch action {
            case .launch: verb = "launching"
            case .enable: verb = "enabling"
            default: return nil
            }
            return MissedTransition(key: c.key, kind: .began, at: start,
                                    message: "flight began \(ZoneTime.local(start, in: timeZone)), \(ZoneTime.duration(now.timeIntervalSince(start))) before this tick; \(verb) now")
        }
        if let end, now.timeIntervalSince(end) > grace, case .pause = action {
            return MissedTransition(key: c.key, kind: .ended, at: end,
                                    message: "flight ended \(c.flight?.end?.description ?? "") (over at \(ZoneTime.local(end, in: timeZone))); pausing now, \(ZoneTime.duration(now.timeIntervalSince(end))) late")
        }
        return nil
    }
}
