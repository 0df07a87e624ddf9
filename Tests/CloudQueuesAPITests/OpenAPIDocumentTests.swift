import Foundation
import HTTPTypes
import XCTest

@testable import CloudQueuesAPI

/// `openapi/openapi.yaml` against the router: its paths are exactly the route templates, each
/// template (filled with sample values) is matched by the router as that route, and each path
/// documents exactly the methods the route answers. (The document's YAML syntax and references are
/// checked by Tests/api/test_operability.py, and schemathesis fuzzes the gateway against it.)
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

    func testDocumentPathsAreTheRouteTemplates() throws {
        let paths = try documentedPaths()
        XCTAssertEqual(Set(paths.keys), Set(Route.templates))
        XCTAssertEqual(paths.count, Route.templates.count)
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
