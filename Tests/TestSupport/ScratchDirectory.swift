// A temporary directory that a test (or a suite instance) owns and that is removed when the last reference to it
// goes away, so test runs leave nothing behind in the system's temporary folder even when an expectation fails.
import Foundation

/// A fresh, empty directory under the temporary folder, deleted with everything in it on deinit.
///
/// Swift Testing makes one suite instance per test, so a suite that stores a `ScratchDirectory` gets a clean
/// directory for each test and loses it when the test ends.
public final class ScratchDirectory: Sendable {
    public let url: URL

    /// `label` goes into the directory's name, to tell whose it is if a crashed run leaves one.
    public init(_ label: String) {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("swiftlearn-\(label)-\(UInt64.random(in: 0...UInt64.max))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` (UTF-8) to `name` inside the directory and returns `name`, the relative path a command run in
    /// the directory is given.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return name
    }

    /// The names of the directory's entries, sorted (to check that a failed command wrote nothing).
    public func contents() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }

    deinit { try? FileManager.default.removeItem(at: url) }
}
