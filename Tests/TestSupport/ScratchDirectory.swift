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

    deinit { try? FileManager.default.removeItem(at: url) }
}
