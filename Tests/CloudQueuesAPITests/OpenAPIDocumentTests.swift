import Foundation
import HTTPTypes
import XCTest

@testable import CloudQueuesAPI

/// `openapi/openapi.yaml` against the routers: its paths are exactly the route templates (v1's,
/// then v2's and v1.1's, plus the versions document at `/`), each template (filled with sample
/// values) is matched by the router as that route, and each path documents exactly the methods the
/// route answers in its version. (The document's YAML syntax and references are checked by
/// Tests/api/test_operability.py, and schemathesis fuzzes the gateway against it.)
final class OpenAPIDocumentTests: XCTestCase {
    /// Path → methods, read from the document's `paths:` section (two-space indented path keys,
    /// four-space indented operation keys, as the document is written).
    private func documentedPaths() throws -> [String: Set<String>] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("openapi/openapi.yaml"), encoding: .utf8)
        var paths: [String: Set<String>] = [:]
        var inPaths = false
        var current: String?
        let operations: Set<String> = ["get", "head", "put", "post", "patch", "delete", "options", "trace"]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line == "paths:"; current = nil; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                let path = String(line.dropFirst(2).dropLast())
                XCTAssertNil(paths[path], "path \(path) appears twice")
                paths[path] = []
                current = path
            } else if let current, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.dropFirst(4).split(separator: ":").first.map(String.init) ?? ""
                if operations.contains(key) { paths[current]!.insert(key) }
            }
        }
        return paths
    }

    /// The v1 paths of the document (`/v1` and below; `/v1.1` is another version).
    private func v1Paths(_ paths: [String: Set<String>]) -> Set<String> {
        Set(paths.keys.filter { $0 == "/v1" || $0.hasPrefix("/v1/") })
    }

    /// The v2 and v1.1 paths of the document.
    private func v2Paths(_ paths: [String: Set<String>]) -> Set<String> {
        Set(paths.keys.filter { $0 == "/v2" || $0.hasPrefix("/v2/") || $0 == "/v1.1" || $0.hasPrefix("/v1.1/") })
    }

    /// A template with sample values in its variables.
    private func filled(_ template: String) -> String {
        template
            .replacingOccurrences(of: "{queue_name}", with: "jobs.eu-1")
            .replacingOccurrences(of: "{message_id}", with: "65a1f0c2e4b0a1b2c3d4e5f6")
            .replacingOccurrences(of: "{claim_id}", with: "65a1f3a1e4b0a1b2c3d4e611")
            .replacingOccurrences(of: "{subscription_id}", with: "65a1f3a1e4b0a1b2c3d4e622")
    }

    /// The templates of `V2Route.templates` the router answers: all of v2's; under `/v1.1`, those
    /// of the routes v1.1 has (the list names v2-only ones under `/v1.1` too, to keep indexes aligned).
    private var routedV2Templates: [String] {
        V2Route.templates.filter { V2Route.match(path: filled($0)) != nil }
    }

    func testDocumentPathsAreTheRouteTemplates() throws {
        let paths = try documentedPaths()
        XCTAssertEqual(v1Paths(paths), Set(Route.templates))
        XCTAssertEqual(v2Paths(paths), Set(routedV2Templates))
        // Nothing else but the versions document.
        XCTAssertEqual(Set(paths.keys).subtracting(v1Paths(paths)).subtracting(v2Paths(paths)), ["/"])
        XCTAssertEqual(paths.count, Route.templates.count + routedV2Templates.count + 1)
    }

    /// `GET /` and `HEAD /` (APIResponder answers both, 405 with `Allow: GET, HEAD` otherwise).
    func testVersionsDocumentMethods() throws {
        XCTAssertEqual(try documentedPaths()["/"], ["get", "head"])
        XCTAssertNil(Route.match(path: "/"))
        XCTAssertNil(V2Route.match(path: "/"))
    }

    func testEachV2TemplateRoutesToItselfWithTheDocumentedMethods() throws {
        let paths = try documentedPaths()
        XCTAssertEqual(V2Route.templates.count, 30)
        for template in V2Route.templates {
            let path = filled(template)
            guard let (version, route) = V2Route.match(path: path) else {
                // Only v2-only resources are missing under /v1.1, and the document leaves them out.
                XCTAssertTrue(template.hasPrefix("/v1.1/"), "\(path) does not route")
                XCTAssertNotNil(V2Route.match(path: "/v2" + template.dropFirst(5)), template)
                XCTAssertNil(paths[template], "\(template) is documented but answers 404")
                continue
            }
            XCTAssertEqual(V2Route.templates[route.templateIndex(version)], template, path)
            XCTAssertTrue(template.hasPrefix(version.prefix), template)
            let allowed = Set(route.allowedMethods(version).map { $0.rawValue.lowercased() })
            XCTAssertEqual(paths[template], allowed, "methods of \(template)")
            // A trailing slash routes the same (`/v2/` is the home document).
            XCTAssertEqual(V2Route.match(path: path + "/")?.route, route, path + "/")
        }
    }

    func testV2TemplateIndexesAreDistinct() {
        let routes: [V2Route] = [.home, .ping, .health, .queues, .queue("q"), .stats("q"), .share("q"), .purge("q"),
                                 .messages("q"), .message("q", id: "m"), .claims("q"), .claim("q", id: "c"),
                                 .subscriptions("q"), .subscription("q", id: "s"), .confirm("q", id: "s")]
        let indexes = [APIVersion.v2, .v1_1].flatMap { version in routes.map { $0.templateIndex(version) } }
        XCTAssertEqual(indexes, Array(0..<V2Route.templates.count))
    }

    func testEachTemplateRoutesToItselfWithTheDocumentedMethods() throws {
        let paths = try documentedPaths()
        for template in Route.templates {
            let path = template
                .replacingOccurrences(of: "{queue_name}", with: "jobs")
                .replacingOccurrences(of: "{message_id}", with: "65a1f0c2e4b0a1b2c3d4e5f6")
                .replacingOccurrences(of: "{claim_id}", with: "65a1f3a1e4b0a1b2c3d4e611")
            for form in [path, path.replacingOccurrences(of: "/v1", with: "/v1/some-project")] {
                guard let (route, _) = Route.match(path: form) else { XCTFail("\(form) does not route"); continue }
                XCTAssertEqual(route.template, template, form)
                let allowed = Set(route.allowedMethods.map { $0.rawValue.lowercased() })
                XCTAssertEqual(paths[template], allowed, "methods of \(template)")
            }
        }
    }

    func testTemplateIndexesAreDistinct() {
        let routes: [Route] = [.home, .health, .queues, .queue("q"), .metadata("q"), .stats("q"), .messages("q"),
                               .message("q", id: "m"), .claims("q"), .claim("q", id: "c")]
        XCTAssertEqual(routes.map(\.templateIndex), Array(0..<Route.templates.count))
    }

    func testRequestIdentifierAcceptsOnlySafeIds() {
        XCTAssertTrue(RequestIdentifier.isAcceptable("abc-123_x.y:z@h+/="))
        XCTAssertTrue(RequestIdentifier.isAcceptable(String(repeating: "a", count: 128)))
        XCTAssertFalse(RequestIdentifier.isAcceptable(String(repeating: "a", count: 129)))
        XCTAssertFalse(RequestIdentifier.isAcceptable(""))
        XCTAssertFalse(RequestIdentifier.isAcceptable("a b"))
        XCTAssertFalse(RequestIdentifier.isAcceptable("a\"b"))
        XCTAssertFalse(RequestIdentifier.isAcceptable("é"))
    }
}
