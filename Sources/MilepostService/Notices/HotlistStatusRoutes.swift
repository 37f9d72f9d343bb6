import Hummingbird
import MilepostHotlist

/// `GET /status/hotlists`: each list's version, size and age, and whether it is in alarm
/// (older than 24 hours, or unreadable). Names and counts only; no plates.
public struct HotlistStatusRoutes: Sendable {
    let store: HotlistStore
    let clock: any NoticeClock

    public init(store: HotlistStore, clock: any NoticeClock) {
        self.store = store
        self.clock = clock
    }

    struct Report: ResponseEncodable {
        var alarm: Bool
        var lists: [HotlistStatus]
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("status/hotlists") { _, _ -> Report in
            let lists = store.status(now: clock.nowMillis() / 1000)
            return Report(alarm: lists.contains(where: \.isAlarm), lists: lists)
        }
    }
}
