// Histogram gradient boosting's loops over UInt8 bin codes (the C is CKernels/histogram.c): per-node histograms,
// histogram subtraction, the per-feature split scan and the row partition. Single-threaded; the caller spreads
// features over threads (each feature's histogram is written by one thread, so results do not depend on it).
import CKernels

/// One histogram cell: the sums of gradients and hessians of the rows in a bin, and their number.
/// Same layout as CKernels' `sl_hist_bin`: 32 bytes, so the x86 kernels update a cell with one vector store.
public struct HistogramCell: Sendable, Equatable {
    public var gradient: Double
    public var hessian: Double
    public var count: UInt32
    /// Padding the kernels keep at zero (the count's 64-bit lane and the cell's last 8 bytes).
    private var reserved: UInt32 = 0
    private var reserved2: Double = 0

    public init(gradient: Double = 0, hessian: Double = 0, count: UInt32 = 0) {
        self.gradient = gradient
        self.hessian = hessian
        self.count = count
    }
}

/// Limits a split must respect, and the penalty of the gain (see ``HistogramKernels/bestSplit(_:binsNonMissing:hasMissing:sumGradient:sumHessian:count:nodeValue:settings:)``).
public struct SplitSearchSettings: Sendable, Equatable {
    /// Rows each child keeps at least.
    public var minSamplesLeaf: Int
    /// Hessian sum each child keeps at least.
    public var minHessian: Double
    /// The L2 penalty λ on leaf values.
    public var l2Regularization: Double
    /// A split must gain strictly more than this.
    public var minGain: Double
    /// When set, a cell's hessian is `count × constantHessian` (losses whose hessian is the same for every row).
    public var constantHessian: Double?

    public init(minSamplesLeaf: Int, minHessian: Double = 1e-3, l2Regularization: Double = 0, minGain: Double = 0,
                constantHessian: Double? = nil) {
        self.minSamplesLeaf = minSamplesLeaf
        self.minHessian = minHessian
        self.l2Regularization = l2Regularization
        self.minGain = minGain
        self.constantHessian = constantHessian
    }
}

/// The best cut of one feature: rows with bin ≤ `bin` go left, missing values go left when `missingLeft`.
public struct SplitCandidate: Sendable, Equatable {
    /// The loss reduction; −1 when no cut satisfies the limits.
    public var gain: Double
    public var bin: Int
    public var missingLeft: Bool
    public var gradientLeft: Double
    public var hessianLeft: Double
    public var countLeft: Int

    public init(gain: Double, bin: Int, missingLeft: Bool, gradientLeft: Double, hessianLeft: Double, countLeft: Int) {
        self.gain = gain
        self.bin = bin
        self.missingLeft = missingLeft
        self.gradientLeft = gradientLeft
        self.hessianLeft = hessianLeft
        self.countLeft = countLeft
    }

    public var isValid: Bool { bin >= 0 }
}

public enum HistogramKernels {
    /// Cells per feature histogram (bin codes are UInt8).
    public static let binsPerFeature = 256

    /// Builds the histograms of `features` of the column-major code matrix `binned` (column `f` starts at
    /// `binned + f·stride`) over the node's rows: `rows[k]` (or `k` when `rows` is nil) for `k < count`, whose
    /// gradients and hessians are given in node order. `hessians` nil: hessian sums stay 0 (constant hessian).
    /// Writes `features.count × 256` cells to `histograms`; with `usedBins` (one count per feature of the range)
    /// only cells `0 ..< usedBins[f]` and `missingBin` of each feature, the ones its codes can reach, are cleared
    /// and written — a feature of 17 values costs 18 cells, not 256.
    public static func build(
        binned: UnsafePointer<UInt8>, stride: Int, features: Range<Int>, rows: UnsafePointer<UInt32>?, count: Int,
        gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>?, usedBins: UnsafePointer<Int32>? = nil, missingBin: Int = 255,
        into histograms: UnsafeMutablePointer<HistogramCell>
    ) {
        histograms.withMemoryRebound(to: sl_hist_bin.self, capacity: features.count * binsPerFeature) { h in
            sl_hist_build_u8(binned, stride, features.lowerBound, features.count, rows, count, gradients, hessians, usedBins,
                             Int32(missingBin), h)
        }
    }

    /// The naive loop ``build(binned:stride:features:rows:count:gradients:hessians:usedBins:missingBin:into:)`` must equal
    /// without `usedBins` (test oracle).
    public static func buildReference(
        binned: UnsafePointer<UInt8>, stride: Int, features: Range<Int>, rows: UnsafePointer<UInt32>?, count: Int,
        gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>?, into histograms: UnsafeMutablePointer<HistogramCell>
    ) {
        histograms.update(repeating: HistogramCell(), count: features.count * binsPerFeature)
        for (slot, f) in features.enumerated() {
            for k in 0..<count {
                let r = rows.map { Int($0[k]) } ?? k
                let cell = histograms + slot * binsPerFeature + Int(binned[f * stride + r])
                cell.pointee.gradient += Double(gradients[k])
                cell.pointee.hessian += hessians.map { Double($0[k]) } ?? 0
                cell.pointee.count += 1
            }
        }
    }

    /// `out = parent − child` over `features × 256` cells, or only the reachable cells with `usedBins` (as
    /// ``build(binned:stride:features:rows:count:gradients:hessians:usedBins:missingBin:into:)``). `out` may be `parent`.
    public static func subtract(parent: UnsafePointer<HistogramCell>, child: UnsafePointer<HistogramCell>,
                                into out: UnsafeMutablePointer<HistogramCell>, features: Int, usedBins: UnsafePointer<Int32>? = nil,
                                missingBin: Int = 255) {
        let cells = features * binsPerFeature
        parent.withMemoryRebound(to: sl_hist_bin.self, capacity: cells) { p in
            child.withMemoryRebound(to: sl_hist_bin.self, capacity: cells) { c in
                out.withMemoryRebound(to: sl_hist_bin.self, capacity: cells) { o in
                    sl_hist_subtract(p, c, o, features, usedBins, Int32(missingBin))
                }
            }
        }
    }

    /// `out[k] = source[rows[k]]` for `k < count`.
    public static func gather(_ source: UnsafePointer<Float>, rows: UnsafePointer<UInt32>, count: Int, into out: UnsafeMutablePointer<Float>) {
        sl_gather_f32(source, rows, count, out)
    }

    /// The best cut of one feature's histogram for a node with sums (`sumGradient`, `sumHessian`, `count`) and value
    /// `nodeValue`: the gain is `G_L²/(H_L+λ) + G_R²/(H_R+λ) + G·nodeValue`, which is XGBoost's
    /// `… − G²/(H+λ)` when the node holds its Newton value `−G/(H+λ)`. Bins are scanned left to
    /// right with missing values going right and, when `hasMissing`, right to left with them going left; the
    /// first strictly best cut wins, so on equal gains missing values go right. With missing values the cut
    /// after the last non-missing bin ("missing values alone go right") is tried too.
    public static func bestSplit(
        _ histogram: UnsafePointer<HistogramCell>, binsNonMissing: Int, hasMissing: Bool, sumGradient: Double,
        sumHessian: Double, count: Int, nodeValue: Double, settings: SplitSearchSettings
    ) -> SplitCandidate {
        var s = cSettings(settings)
        var best = sl_split_candidate()
        histogram.withMemoryRebound(to: sl_hist_bin.self, capacity: binsPerFeature) { h in
            sl_hist_best_split(h, Int32(binsNonMissing), hasMissing ? 1 : 0, sumGradient, sumHessian, UInt32(count), nodeValue, &s, &best)
        }
        return SplitCandidate(best)
    }

    /// ``bestSplit(_:binsNonMissing:hasMissing:sumGradient:sumHessian:count:nodeValue:settings:)`` for each of
    /// `features` consecutive histograms (256 cells apart), into `candidates[0..<features]`; `binsNonMissing` and
    /// `hasMissing` (0 or 1) hold one entry per feature. The same candidates as one call per feature, but the
    /// features' running sums are computed side by side.
    public static func bestSplits(
        _ histograms: UnsafePointer<HistogramCell>, features: Int, binsNonMissing: UnsafePointer<Int32>,
        hasMissing: UnsafePointer<UInt8>, sumGradient: Double, sumHessian: Double, count: Int, nodeValue: Double,
        settings: SplitSearchSettings, into candidates: UnsafeMutablePointer<SplitCandidate>
    ) {
        var s = cSettings(settings)
        withUnsafeTemporaryAllocation(of: sl_split_candidate.self, capacity: max(features, 1)) { out in
            histograms.withMemoryRebound(to: sl_hist_bin.self, capacity: features * binsPerFeature) { h in
                sl_hist_best_splits(h, features, binsNonMissing, hasMissing, sumGradient, sumHessian, UInt32(count), nodeValue, &s,
                                    out.baseAddress!)
            }
            for f in 0..<features { candidates[f] = SplitCandidate(out[f]) }
        }
    }

    private static func cSettings(_ settings: SplitSearchSettings) -> sl_split_settings {
        sl_split_settings(
            min_samples_leaf: UInt32(settings.minSamplesLeaf), min_hessian: settings.minHessian, l2: settings.l2Regularization,
            min_gain: settings.minGain, constant_hessian: settings.constantHessian == nil ? 0 : 1,
            hessian_constant: settings.constantHessian ?? 0)
    }

    /// Stable partition of `rows[0..<count]`: rows whose code in `column` is ≤ `bin` (or is `missingBin` when
    /// `missingLeft`) first, in their order, then the others. `scratch` holds `count` entries. Returns the left count.
    public static func partition(column: UnsafePointer<UInt8>, rows: UnsafeMutablePointer<UInt32>, count: Int, bin: Int,
                                 missingBin: Int, missingLeft: Bool, scratch: UnsafeMutablePointer<UInt32>) -> Int {
        sl_partition_rows_u8(column, rows, count, Int32(bin), Int32(missingBin), missingLeft ? 1 : 0, scratch)
    }
}

extension HistogramCell {
    /// The C and Swift layouts agree (checked once by the kernel tests).
    public static var layoutMatchesKernel: Bool {
        MemoryLayout<HistogramCell>.stride == MemoryLayout<sl_hist_bin>.stride
            && MemoryLayout<HistogramCell>.offset(of: \.count) == MemoryLayout<sl_hist_bin>.offset(of: \.count)
    }
}

extension SplitCandidate {
    init(_ c: sl_split_candidate) {
        self.init(gain: c.gain, bin: Int(c.bin), missingLeft: c.missing_left != 0, gradientLeft: c.gradient_left,
                  hessianLeft: c.hessian_left, countLeft: Int(c.count_left))
    }
}
