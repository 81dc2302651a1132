// Locating committed reference fixtures (Tests/Fixtures), produced by scripts/reference/*.py.
import Foundation

/// Paths of committed test fixtures.
public enum Fixtures {
    /// `Tests/Fixtures`, found from this source file's location (fixtures are not bundled as resources).
    public static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A file or folder under `Tests/Fixtures`.
    public static func url(_ relativePath: String) -> URL { directory.appendingPathComponent(relativePath) }

    /// Decodes a JSON fixture.
    public static func json<T: Decodable>(_ relativePath: String, as type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url(relativePath)))
    }
}
