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

extension AtomicFile {
    /// Replaces the directory `destination` with `staging` so that readers see the old or the new one, never
    /// neither: on Linux the two are swapped atomically (`renameat2(RENAME_EXCHANGE)`, looked up at run time)
    /// and the old one then deleted; where that is unavailable, the old one is moved aside first.
    public static func replaceDirectory(_ destination: URL, with staging: URL) throws(SafetensorsError) {
        guard FileManager.default.fileExists(atPath: destination.path) else {
            try rename(staging, to: destination)
            return
        }
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") {  // RTLD_DEFAULT
            let exchange = unsafeBitCast(symbol, to: RenameAt2.self)
            let atCWD: Int32 = -100, renameExchange: UInt32 = 1 << 1
            if exchange(atCWD, staging.path, atCWD, destination.path, renameExchange) == 0 {
                try? FileManager.default.removeItem(at: staging)  // now holds the old directory
                return
            }
        }
        #endif
        let old = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).old-\(getpid())")
        try? FileManager.default.removeItem(at: old)
        try rename(destination, to: old)
        try rename(staging, to: destination)
        try? FileManager.default.removeItem(at: old)
    }
}

extension AtomicFile {
    /// Writes a whole directory atomically: `fill` writes into a hidden staging folder beside `destination`,
    /// which then replaces `destination` in one step (``replaceDirectory(_:with:)``). If `fill` throws, the
    /// staging folder is removed and `destination` is left as it was.
    public static func writeDirectory(_ destination: URL, _ fill: (URL) throws -> Void) throws {
        let fm = FileManager.default
        let parent = destination.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).partial-\(getpid())")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            try fill(staging)
            try replaceDirectory(destination, with: staging)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }
}
