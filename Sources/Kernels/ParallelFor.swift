// The one place SwiftLearn runs loops on several threads.
//
// Work is split by a fixed partition that depends only on the problem size and the thread count, never on
// timing, so results are bitwise reproducible at a fixed thread count (catalogue N5).
import CKernels
import Dispatch
import Foundation

/// How many threads the kernels may use. Defaults to the machine's active processor count, capped by
/// the environment variable `SWIFTLEARN_THREADS` when set.
public enum KernelThreads {
    /// The thread count kernels use.
    public static var count: Int {
        if let override = ThreadCountOverride.current { return override }
        return defaultCount
    }

    static let defaultCount: Int = {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if let env = ProcessInfo.processInfo.environment["SWIFTLEARN_THREADS"], let n = Int(env), n > 0 {
            return min(n, max(cores, 1) * 4)
        }
        return max(cores, 1)
    }()

    /// Runs `body` with the kernel thread count set to `threads` for the current task.
    public static func with<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
        try ThreadCountOverride.$current.withValue(max(1, threads)) { try body() }
    }
}

enum ThreadCountOverride {
    @TaskLocal static var current: Int?
}

/// Splits `0..<count` into at most `KernelThreads.count` contiguous chunks and runs them concurrently.
///
/// - Parameters:
///   - count: the number of work items.
///   - minimumPerThread: below `2 × minimumPerThread` items the loop runs on the calling thread, because
///     waking a second thread costs more than it saves.
///   - body: called with each chunk's range; chunks are disjoint. Must be safe to call concurrently.
public func parallelChunks(
    _ count: Int, minimumPerThread: Int = 1, _ body: @Sendable (Range<Int>) -> Void
) {
    guard count > 0 else { return }
    let threads = min(KernelThreads.count, max(1, count / max(1, minimumPerThread)))
    if threads <= 1 {
        body(0..<count)
        return
    }
    // Worker threads inherit the caller's kernel-path override (KernelPath.withPath).
    let path = sl_thread_isa()
    @Sendable func chunk(_ t: Int) {
        let start = count * t / threads
        let end = count * (t + 1) / threads
        guard start < end else { return }
        let previous = sl_thread_isa()
        if previous != path { sl_set_thread_isa(path) }
        body(start..<end)
        if previous != path { sl_set_thread_isa(previous) }
    }
    // The hot pool first; if another caller holds it, Dispatch's pool.
    if WorkerPool.shared.run(threads: threads, { chunk($0) }) { return }
    DispatchQueue.concurrentPerform(iterations: threads) { t in chunk(t) }
}

/// `transform(0) … transform(count − 1)` computed concurrently (``parallelChunks``'s partition), in index order.
/// For coarse items (a model fit per item); each item should itself run on one kernel thread.
public func parallelMap<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let buffer = UnsafeMutablePointer<T?>.allocate(capacity: count)
    buffer.initialize(repeating: nil, count: count)
    defer {
        buffer.deinitialize(count: count)
        buffer.deallocate()
    }
    let slots = SendablePointer(buffer)
    parallelChunks(count) { range in
        for i in range { slots.raw[i] = transform(i) }
    }
    return (0..<count).map { buffer[$0]! }
}

/// A raw pointer that may cross into the `@Sendable` closures of `parallelChunks`.
///
/// The caller guarantees each thread touches a disjoint part of the buffer; this is the one wrapper that
/// lets raw memory cross thread boundaries.
public struct SendablePointer<T>: @unchecked Sendable {
    public let raw: UnsafeMutablePointer<T>
    @inlinable public init(_ raw: UnsafeMutablePointer<T>) { self.raw = raw }
    @inlinable public init(_ raw: UnsafePointer<T>) { self.raw = UnsafeMutablePointer(mutating: raw) }
}
