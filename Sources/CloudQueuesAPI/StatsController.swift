import Hummingbird
import QueueStore

/// `GET /v1/queues/{queue_name}/stats` (contract §6.9).
struct StatsController {
    let store: QueueStore

    func get(_ call: APICall) async throws(APIError) -> Response {
        let stats: QueueStats
        do { stats = try await store.stats(call.queue, on: call.eventLoop) } catch { throw .from(error) }
        var json = JSONWriter()
        json.beginObject()
        json.key("messages")
        json.beginObject()
        json.member("free", int: stats.free)
        json.member("claimed", int: stats.claimed)
        json.member("total", int: stats.total)
        if let oldest = stats.oldest, let newest = stats.newest {
            json.key("oldest")
            json.endpoint(oldest, queue: call.queue.name)
            json.key("newest")
            json.endpoint(newest, queue: call.queue.name)
        }
        json.endObject()
        json.endObject()
        return .json(json, headers: .contentLocation(call.requestURI))
    }
}

extension JSONWriter {
    fileprivate mutating func endpoint(_ e: QueueStats.Endpoint, queue: String) {
        beginObject()
        member("href", string: Hrefs.message(queue, e.id))
        member("age", int: e.age)
        member("created", string: ISODate.format(milliseconds: e.createdMilliseconds))
        endObject()
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` in UTC, without Foundation (civil-from-days).
enum ISODate {
    static func format(milliseconds: Int64) -> String {
        let seconds = milliseconds / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }
}
