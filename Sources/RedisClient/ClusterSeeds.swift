/// Parses `--redis-cluster`: comma-separated `host:port` or `redis://[user:password@]host:port`
/// entries, the nodes asked for the slot map. Credentials given on one entry apply to every node.
public enum ClusterSeeds {
    public static func parse(_ text: String) throws(RedisEndpointError) -> [RedisEndpoint] {
        var seeds: [RedisEndpoint] = []
        for raw in text.split(separator: ",") {
            let entry = String(raw.filter { $0 != " " && $0 != "\t" })
            guard !entry.isEmpty else { continue }
            let endpoint = try RedisEndpoint(url: entry.hasPrefix("redis://") ? entry : "redis://" + entry)
            guard endpoint.database == 0 else {
                throw RedisEndpointError(url: entry, reason: "a Redis Cluster has only database 0")
            }
            seeds.append(endpoint)
        }
        guard !seeds.isEmpty else { throw RedisEndpointError(url: text, reason: "no cluster node given (host:port,host:port,...)") }
        if let credentials = seeds.first(where: { $0.password != nil }) {
            for i in seeds.indices where seeds[i].password == nil {
                seeds[i].user = credentials.user
                seeds[i].password = credentials.password
            }
        }
        return seeds
    }
}
