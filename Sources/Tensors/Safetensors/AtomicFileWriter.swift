// Atomic replacement of a file: write a temporary file beside it, fsync, rename over it, fsync the directory.
//
// DESIGN.md: "Every write is atomic" and "bad input never corrupts a file on disk". rename(2) within one
// directory is atomic on POSIX file systems, so readers see either the old file or the complete new one; the
// fsyncs make the new contents and the rename durable before `commit()` returns. On any failure the
// temporary file is unlinked and the destination is untouched.
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes one file atomically. Use: `init` → `append` (any number of times) → `commit`, or `abort` on error.
final class AtomicFileWriter {
    let destination: String
    let temporary: String
    private let directory: String
    private var fd: Int32
    /// Set once the temporary file is gone: renamed into place, or removed by `abort()`.
    private var finished = false

    /// Creates the temporary file (exclusively, mode 0666 & ~umask) in the destination's directory.
    init(destination url: URL) throws(SafetensorsError) {
        destination = url.path
        let dir = url.deletingLastPathComponent().path
        directory = dir.isEmpty ? "." : dir
        temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        if fd < 0 { throw Self.failure(destination, "cannot create temporary file \(temporary)") }
    }

    deinit { abort() }

    /// Appends `bytes`, retrying short writes and EINTR.
    func append(_ bytes: UnsafeRawBufferPointer) throws(SafetensorsError) {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = write(fd, base, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.failure(destination, "write to temporary file failed")
            }
            remaining -= n
            base += n
        }
    }

    /// Makes the new file durable and moves it into place.
    func commit() throws(SafetensorsError) {
        if fsync(fd) != 0 { throw Self.failure(destination, "fsync of temporary file failed") }
        let closed = close(fd)
        fd = -1
        if closed != 0 { throw Self.failure(destination, "close of temporary file failed") }
        if rename(temporary, destination) != 0 { throw Self.failure(destination, "rename over destination failed") }
        finished = true
        let dirFD = open(directory, O_RDONLY | O_CLOEXEC)
        if dirFD >= 0 {
            // The rename has happened; a directory that cannot be fsynced (some file systems) is not an error.
            _ = fsync(dirFD)
            _ = close(dirFD)
        }
    }

    /// Closes and removes the temporary file if it is still there (idempotent; no effect after commit).
    func abort() {
        if fd >= 0 {
            _ = close(fd)
            fd = -1
        }
        if !finished {
            _ = unlink(temporary)
            finished = true
        }
    }

    private static func failure(_ path: String, _ what: String) -> SafetensorsError {
        let code = errno
        return .fileError(path: path, detail: "\(what): \(String(cString: strerror(code))) (errno \(code))")
    }
}
