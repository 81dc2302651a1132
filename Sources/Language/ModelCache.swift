// Where pretrained model folders live on this machine: scripts/fetch-models.sh fills the same cache.
import Foundation

/// The folder of locally cached pretrained models: `$SWIFTLEARN_MODEL_CACHE`, or `~/.cache/swiftlearn/models`.
///
/// SwiftLearn never downloads at run time; `scripts/fetch-models.sh` puts `all-MiniLM-L6-v2/` here.
public enum ModelCache {
    /// The cache folder.
    public static var directory: URL {
        if let custom = ProcessInfo.processInfo.environment["SWIFTLEARN_MODEL_CACHE"], !custom.isEmpty {
            return URL(fileURLWithPath: custom, isDirectory: true)
        }
        return FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".cache/swiftlearn/models", isDirectory: true)
    }

    /// The folder of the model `name` (e.g. `all-MiniLM-L6-v2`), whether or not it exists.
    public static func url(for name: String) -> URL { directory.appendingPathComponent(name, isDirectory: true) }

    /// all-MiniLM-L6-v2's folder if scripts/fetch-models.sh has put it in the cache, else nil.
    public static var miniLM: URL? {
        let folder = url(for: "all-MiniLM-L6-v2")
        let weights = folder.appendingPathComponent("model.safetensors").path
        return FileManager.default.fileExists(atPath: weights) ? folder : nil
    }
}
