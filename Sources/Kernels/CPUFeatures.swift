// Which kernel path is active and why, for `swiftlearn info`, logs and benchmarks.
import CKernels
import Dispatch
import Synchronization

/// An instruction-set path of the C kernels.
public enum KernelPath: String, Sendable, CaseIterable, CustomStringConvertible {
    case generic, avx2, avx512, neon

    var isa: sl_isa {
        switch self {
        case .generic: SL_ISA_GENERIC
        case .avx2: SL_ISA_AVX2
        case .avx512: SL_ISA_AVX512
        case .neon: SL_ISA_NEON
        }
    }

    init(_ isa: sl_isa) {
        switch isa {
        case SL_ISA_AVX2: self = .avx2
        case SL_ISA_AVX512: self = .avx512
        case SL_ISA_NEON: self = .neon
        default: self = .generic
        }
    }

    public var description: String { rawValue }

    /// The path the kernels use now (chosen once from cpuid, or from `SWIFTLEARN_KERNELS`).
    public static var active: KernelPath { KernelPath(sl_active_isa()) }

    /// Whether this CPU can run the path.
    public var isSupported: Bool { sl_cpu_supports(isa) != 0 }

    /// The paths this CPU can run, generic first.
    public static var supported: [KernelPath] { allCases.filter(\.isSupported) }

    /// Runs `body` with `path` active on the calling thread (and the kernel threads it starts), then restores
    /// the previous setting. Other threads are unaffected. For tests and benchmarks that compare paths.
    public static func withPath<R>(_ path: KernelPath, _ body: () throws -> R) rethrows -> R {
        let previous = sl_thread_isa()
        precondition(sl_set_thread_isa(Int32(path.isa.rawValue)) == 0, "kernel path \(path) is not supported on this CPU")
        defer { sl_set_thread_isa(previous) }
        return try body()
    }
}

/// CPU features detected at run time.
public enum CPUFeatures {
    /// Comma-separated feature names, e.g. `avx2,fma,avx512f`.
    public static var detected: String { String(cString: sl_cpu_features()) }
}

/// Measures the CPU's floating-point peak, for reporting kernels as a share of it.
public enum PeakThroughput {
    /// Runs the FMA probe on the active path for about `seconds` on each of `threads` threads at once and
    /// returns the aggregate GFLOP/s (best of 3 trials).
    public static func measureGFLOPS(threads: Int, seconds: Double = 0.3) -> Double {
        var best = 0.0
        for _ in 0..<3 {
            let iterations = 2_000_000
            let start = DispatchTime.now().uptimeNanoseconds
            let flops = Mutex(0.0)
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                var sink: Float = 0
                var done = 0.0
                let t0 = DispatchTime.now().uptimeNanoseconds
                while Double(DispatchTime.now().uptimeNanoseconds - t0) < seconds * 1e9 {
                    done += sl_peak_fma_flops(iterations / 10, &sink)
                }
                let total = done + Double(sink) * 0  // keep sink observable
                flops.withLock { $0 += total }
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = Swift.max(best, flops.withLock { $0 } / elapsed / 1e9)
        }
        return best
    }
}
