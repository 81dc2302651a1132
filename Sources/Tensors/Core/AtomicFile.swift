// Atomic whole-file writes for every module that saves something (configs, metrics, checkpoints' metadata).
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that readers see the old file or the complete new one, never a part (temporary file,
/// fsync, rename, directory fsync). Errors are ``SafetensorsError/fileError(path:detail:)`` with the errno text.
public enum AtomicFile {
    /// Replaces `url` with `bytes` atomically.
    public static func write(_ bytes: [UInt8], to url: URL) throws(SafetensorsError) {
        let writer = try AtomicFileWriter(destination: url)
        do throws(SafetensorsError) {
            for start in stride(from: 0, to: bytes.count, by: 1 << 20) {
                let chunk = bytes[start..<Swift.min(start + (1 << 20), bytes.count)]
                let result: Result<Void, SafetensorsError> = chunk.withUnsafeBytes { raw in
                    Result { () throws(SafetensorsError) in try writer.append(raw) }
                }
                try result.get()
            }
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
    }

    /// Replaces `url` with the UTF-8 bytes of `text` atomically.
    public static func write(_ text: String, to url: URL) throws(SafetensorsError) {
        try write(Array(text.utf8), to: url)
    }

    /// Renames `source` to `destination` (a file or a directory, same file system) and makes the rename durable.
    /// Fails if `destination` exists and is a non-empty directory.
    public static func rename(_ source: URL, to destination: URL) throws(SafetensorsError) {
        if Glibc_rename(source.path, destination.path) != 0 {
            let code = errno
            throw .fileError(path: destination.path,
                             detail: "rename from \(source.path) failed: \(String(cString: strerror(code))) (errno \(code))")
        }
        let dirFD = open(destination.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            _ = close(dirFD)
        }
    }
}

@inline(__always)
private func Glibc_rename(_ a: String, _ b: String) -> Int32 { rename(a, b) }
