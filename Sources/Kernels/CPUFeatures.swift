// Which kernel path is active and why, for `swiftlearn info`, logs and benchmarks.
import CKernels

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

    /// Runs `body` with `path` active, then restores the previous path. For tests and benchmarks that
    /// compare paths; not safe while other threads run kernels.
    public static func withPath<R>(_ path: KernelPath, _ body: () throws -> R) rethrows -> R {
        let previous = sl_active_isa()
        precondition(sl_set_isa(path.isa) == 0, "kernel path \(path) is not supported on this CPU")
        defer { sl_set_isa(previous) }
        return try body()
    }
}

/// CPU features detected at run time.
public enum CPUFeatures {
    /// Comma-separated feature names, e.g. `avx2,fma,avx512f`.
    public static var detected: String { String(cString: sl_cpu_features()) }
}
