import Foundation
import XCTest

@testable import CloudQueuesAPI

final class ConsoleFilesTests: XCTestCase {
    private func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("js"), withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func testReadsEveryVisibleFileWithItsMediaType() throws {
        let dir = try folder()
        try "<!doctype html>".write(to: dir.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try "export {}".write(to: dir.appendingPathComponent("js/app.js"), atomically: true, encoding: .utf8)
        try "x".write(to: dir.appendingPathComponent(".secret"), atomically: true, encoding: .utf8)
        let files = try ConsoleFiles(directory: dir.path)
        XCTAssertEqual(Set(files.files.keys), ["index.html", "js/app.js"])
        XCTAssertEqual(files.files["js/app.js"]?.contentType, "text/javascript; charset=utf-8")
        XCTAssertEqual(files.files["index.html"]?.contentType, "text/html; charset=utf-8")
        XCTAssertEqual(files.files["js/app.js"]?.bytes.readableBytes, 9)
    }

    func testAFolderWithoutIndexIsRefused() throws {
        let dir = try folder()
        XCTAssertThrowsError(try ConsoleFiles(directory: dir.path))
        XCTAssertThrowsError(try ConsoleFiles.locate(explicit: dir.path))
    }

    func testSymlinksOutOfTheFolderAreNotServed() throws {
        let dir = try folder()
        try "<p>".write(to: dir.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("passwd").path,
                                                   withDestinationPath: "/etc/passwd")
        let files = try ConsoleFiles(directory: dir.path)
        XCTAssertNil(files.files["passwd"])
    }

    func testLocateFindsTheSourceTreeConsole() throws {
        let files = try XCTUnwrap(try ConsoleFiles.locate(explicit: nil))
        XCTAssertNotNil(files.files["index.html"])
        XCTAssertNotNil(files.files["js/app.js"])
        XCTAssertEqual(files.files["console.css"]?.contentType, "text/css; charset=utf-8")
    }

    func testETagsDifferWithContent() {
        XCTAssertNotEqual(ConsoleFiles.etag(of: Data("a".utf8)), ConsoleFiles.etag(of: Data("b".utf8)))
        XCTAssertEqual(ConsoleFiles.etag(of: Data("a".utf8)), ConsoleFiles.etag(of: Data("a".utf8)))
        XCTAssertEqual(ConsoleFiles.contentType(of: "x.unknown"), "application/octet-stream")
        XCTAssertEqual(ConsoleFiles.contentType(of: "favicon.svg"), "image/svg+xml")
    }
}
