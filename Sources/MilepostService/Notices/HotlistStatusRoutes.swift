import Hummingbird
import MilepostCore
import MilepostHotlist

/// `GET /status/hotlists`: each list's version, size and age, and whether it is in alarm
/// (older than 24 hours, unreadable or unapproved), and the lists the authorization in force permits but
/// the unit does not have (nothing can hit on them: also an alarm). Names and counts only;
/// no plates.
public struct HotlistStatusRoutes: Sendable {
    let store: HotlistStore
    let clock: any WallClock
    /// The lists the authorization in force permits; nil when capture is not allowed.
    let permitted: @Sendable () async -> Set<String>?

    public init(store: HotlistStore, clock: any WallClock, permitted: @escaping @Sendable () async -> Set<String>?) {
        self.store = store
        self.clock = clock
        self.permitted = permitted
    }

    struct Report: ResponseEncodable {
        var alarm: Bool
        var lists: [HotlistStatus]
        var permittedButMissing: [String]
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("status/hotlists") { _, _ -> Report in
            let lists = store.status(now: clock.now().millisecondsSinceEpoch / 1000)
            let loaded = Set(lists.filter { $0.condition != .unreadable && $0.condition != .unapproved }.map(\.name))
            let missing = (await permitted() ?? []).subtracting(loaded).sorted()
            return Report(alarm: lists.contains(where: \.isAlarm) || !missing.isEmpty, lists: lists, permittedButMissing: missing)
        }
    }
}

extension CapturePipeline {
    /// The lists the guard's last answer permits, for `HotlistStatusRoutes`.
    public var permittedHotlists: Set<String>? {
        if case .allowed(_, let lists, _)? = currentDecision { return lists }
        return nil
    }
}
