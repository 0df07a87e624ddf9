import Foundation
import QueueStore
import RedisClient
import XCTest

final class ScriptCatalogueTests: StoreTestCase {
    /// Every file in lua/ is in the catalogue and the other way round.
    func testCatalogueNamesEveryScriptInTheFolder() throws {
        let catalogue = try ScriptCatalogue.locate()
        let files = try FileManager.default.contentsOfDirectory(atPath: catalogue.directory)
            .filter { $0.hasSuffix(".lua") }.map { String($0.dropLast(4)) }
        XCTAssertEqual(Set(files), Set(ScriptCatalogue.Name.allCases.map(\.rawValue)))
    }

    /// Each script starts with its shebang and the five-part header (purpose, KEYS, ARGV, Reply, Errors).
    func testEveryScriptHasItsHeader() throws {
        let catalogue = try ScriptCatalogue.locate()
        for name in ScriptCatalogue.Name.allCases {
            let text = try String(contentsOfFile: catalogue.directory + "/" + name.rawValue + ".lua", encoding: .utf8)
            let lines = text.split(separator: "\n").prefix(25).joined(separator: "\n")
            XCTAssertTrue(text.hasPrefix("#!lua"), "\(name.rawValue) starts with a #!lua shebang")
            XCTAssertTrue(lines.contains("--[[ \(name.rawValue):"), "\(name.rawValue) names itself in its header")
            for part in ["KEYS", "ARGV", "Reply:", "Errors:"] {
                XCTAssertTrue(lines.contains(part), "\(name.rawValue) header lacks \(part)")
            }
        }
    }

    /// Every assembled script compiles in Redis and Redis names it by our SHA-1.
    func testEveryScriptLoadsIntoRedis() async throws {
        for script in store.scripts.all {
            let reply = try await store.redis.send(RedisCommand("SCRIPT", ["LOAD", .string(script.source)]))
            XCTAssertEqual(reply.string, script.sha1, script.name)
        }
    }
}
