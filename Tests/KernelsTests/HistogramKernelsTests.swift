// Histogram gradient boosting kernels against their naive loops.
import Kernels
import Testing

/// A seeded 64-bit LCG (the test needs arbitrary, repeatable codes and gradients, nothing more).
private struct Lcg {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
}

@Test func histogramCellLayoutMatchesTheKernel() {
    #expect(HistogramCell.layoutMatchesKernel)
}

@Test(arguments: [false, true])
func histogramBuildEqualsTheNaiveLoop(withRows: Bool) {
    let n = 1000, features = 7
    var rng = Lcg(state: 3)
    // Few distinct codes (repeated bins back to back) plus the missing bin 255.
    let codes = (0..<(n * features)).map { _ in UInt8(rng.next() % 5 == 0 ? 255 : rng.next() % 9) }
    let g = (0..<n).map { _ in Float(Int(rng.next() % 2001) - 1000) / 997 }
    let h = (0..<n).map { _ in Float(rng.next() % 1000) / 1000 }
    let rows = (0..<n).filter { _ in rng.next() % 3 != 0 }.map(UInt32.init)
    let count = withRows ? rows.count : n
    // Gradients in node order.
    let og = withRows ? rows.map { g[Int($0)] } : g, oh = withRows ? rows.map { h[Int($0)] } : h
    let cells = 5 * HistogramKernels.binsPerFeature
    var fast = [HistogramCell](repeating: HistogramCell(gradient: 9, hessian: 9, count: 9), count: cells)
    var slow = fast
    rows.withUnsafeBufferPointer { r in
        let rp = withRows ? r.baseAddress! : nil
        HistogramKernels.build(binned: codes, stride: n, features: 1..<6, rows: rp, count: count, gradients: og, hessians: oh, into: &fast)
        HistogramKernels.buildReference(binned: codes, stride: n, features: 1..<6, rows: rp, count: count, gradients: og, hessians: oh,
                                        into: &slow)
    }
    // Each cell adds the same values in the same order, so the sums are bitwise equal.
    #expect(fast == slow)
    #expect(fast.reduce(0) { $0 + Int($1.count) } == 5 * count)
    // Touching only the reachable cells (codes 0…8 and 255) gives the same values there.
    var compact = [HistogramCell](repeating: HistogramCell(gradient: 9, hessian: 9, count: 9), count: cells)
    let used = [Int32](repeating: 9, count: 5)
    rows.withUnsafeBufferPointer { r in
        HistogramKernels.build(binned: codes, stride: n, features: 1..<6, rows: withRows ? r.baseAddress! : nil, count: count,
                               gradients: og, hessians: oh, usedBins: used, missingBin: 255, into: &compact)
    }
    for f in 0..<5 {
        for b in Array(0..<9) + [255] { #expect(compact[f * 256 + b] == slow[f * 256 + b]) }
        #expect(compact[f * 256 + 100] == HistogramCell(gradient: 9, hessian: 9, count: 9))
    }
    // Subtracting a histogram from itself leaves zeros in the reachable cells only.
    compact.withUnsafeMutableBufferPointer { b in
        HistogramKernels.subtract(parent: b.baseAddress!, child: b.baseAddress!, into: b.baseAddress!, features: 5, usedBins: used, missingBin: 255)
    }
    #expect(compact[256 + 3] == HistogramCell() && compact[256 + 255] == HistogramCell() && compact[256 + 100].count == 9)
}

/// Every kernel path (the x86 ones update a cell with one vector store) gives the naive loop's sums bit for bit,
/// with and without hessians, over all rows and over a subset, for feature counts that leave a remainder.
@Test(arguments: KernelPath.supported)
func histogramBuildOnEveryPathEqualsTheNaiveLoop(path: KernelPath) {
    let n = 777
    var rng = Lcg(state: 11)
    for features in [1, 4, 6] {
        let codes = (0..<(n * features)).map { _ in UInt8(rng.next() % 7 == 0 ? 255 : rng.next() % 200) }
        let g = (0..<n).map { _ in Float(Int(rng.next() % 2001) - 1000) / 313 }
        let h = (0..<n).map { _ in Float(rng.next() % 1000) / 999 }
        let rows = (0..<n).filter { _ in rng.next() % 2 == 0 }.map(UInt32.init)
        for withRows in [false, true] {
            for withHessians in [false, true] {
                let count = withRows ? rows.count : n
                let og = withRows ? rows.map { g[Int($0)] } : g, oh = withRows ? rows.map { h[Int($0)] } : h
                let cells = features * HistogramKernels.binsPerFeature
                var fast = [HistogramCell](repeating: HistogramCell(gradient: 5, hessian: 5, count: 5), count: cells)
                var slow = fast
                rows.withUnsafeBufferPointer { r in
                    oh.withUnsafeBufferPointer { hb in
                        let rp = withRows ? r.baseAddress! : nil, hp = withHessians ? hb.baseAddress! : nil
                        KernelPath.withPath(path) {
                            HistogramKernels.build(binned: codes, stride: n, features: 0..<features, rows: rp, count: count,
                                                   gradients: og, hessians: hp, into: &fast)
                        }
                        HistogramKernels.buildReference(binned: codes, stride: n, features: 0..<features, rows: rp, count: count,
                                                        gradients: og, hessians: hp, into: &slow)
                    }
                }
                #expect(fast == slow, "\(path) features \(features) rows \(withRows) hessians \(withHessians)")
                #expect(fast.reduce(0) { $0 + Int($1.count) } == features * count)
            }
        }
    }
}

@Test func histogramSplitScanFindsTheBestCutBothWays() {
    // Bins 0…3 hold gradients −2, −2, +2, +2 (one row each, hessian 1); missing bin (255) holds +4 in one row.
    var h = [HistogramCell](repeating: HistogramCell(), count: HistogramKernels.binsPerFeature)
    for (b, g) in [(0, -2.0), (1, -2), (2, 2), (3, 2), (255, 4)] { h[b] = HistogramCell(gradient: g, hessian: 1, count: 1) }
    let settings = SplitSearchSettings(minSamplesLeaf: 1, minHessian: 0)
    let best = HistogramKernels.bestSplit(h, binsNonMissing: 4, hasMissing: true, sumGradient: 4, sumHessian: 5, count: 5,
                                          nodeValue: -4.0 / 5, settings: settings)
    // Cutting after bin 1 with the missing row on the right: G_L = −4 (H 2), G_R = 8 (H 3).
    #expect(best.bin == 1 && !best.missingLeft && best.countLeft == 2)
    #expect(abs(best.gain - (16.0 / 2 + 64.0 / 3 - 16.0 / 5)) < 1e-12)
    // Without a missing bin the cut is the same, the missing rows not counted.
    let noMissing = HistogramKernels.bestSplit(h, binsNonMissing: 4, hasMissing: false, sumGradient: 0, sumHessian: 4, count: 4,
                                               nodeValue: 0, settings: settings)
    #expect(noMissing.bin == 1 && abs(noMissing.gain - 16) < 1e-12)
    // Leaves of at least 3 rows leave no cut of 4 non-missing rows.
    let limited = HistogramKernels.bestSplit(h, binsNonMissing: 4, hasMissing: false, sumGradient: 0, sumHessian: 4, count: 4,
                                             nodeValue: 0, settings: SplitSearchSettings(minSamplesLeaf: 3))
    #expect(!limited.isValid && limited.gain == -1)
}

@Test func histogramPartitionIsStable() {
    let column: [UInt8] = [0, 5, 2, 255, 7, 1, 255, 3]
    var rows: [UInt32] = [7, 6, 5, 4, 3, 2, 1, 0]
    var scratch = [UInt32](repeating: 0, count: 8)
    let left = HistogramKernels.partition(column: column, rows: &rows, count: 8, bin: 2, missingBin: 255, missingLeft: true, scratch: &scratch)
    #expect(left == 5)
    #expect(rows == [6, 5, 3, 2, 0, 7, 4, 1])
}

/// A random search problem: histograms of `features` features with and without missing values, few and many bins
/// (empty bins make runs of equal gains), and settings that vary with `trial` (limits that cut the scan short,
/// constant and per-row hessians). Only feature 0's counts add up to `count`; the others need not, as every search
/// compared gets the same inputs.
private func randomSplitProblem(trial: Int, features: Int, rng: inout Lcg)
    -> (cells: [HistogramCell], bins: [Int32], missing: [UInt8], count: Int, sumG: Double, sumH: Double, settings: SplitSearchSettings) {
    let per = HistogramKernels.binsPerFeature
    var cells = [HistogramCell](repeating: HistogramCell(), count: features * per)
    let bins = (0..<features).map { f in Int32(f == 3 ? 1 : 2 + Int(rng.next() % 254)) }
    let missing = (0..<features).map { _ in UInt8(rng.next() % 3 == 0 ? 1 : 0) }
    var count = 0
    for f in 0..<features {
        for b in Array(0..<Int(bins[f])) + (missing[f] == 1 ? [255] : []) {
            let c = rng.next() % 4 == 0 ? 0 : Int(rng.next() % 40)
            cells[f * per + b] = HistogramCell(gradient: c == 0 ? 0 : Double(Int(rng.next() % 2001) - 1000) / 97,
                                               hessian: Double(c) * 0.21, count: UInt32(c))
            if f == 0 { count += c }
        }
    }
    let settings = SplitSearchSettings(minSamplesLeaf: [1, 5, 200][trial % 3], minHessian: 1e-3,
                                       l2Regularization: [0, 1][trial % 2], constantHessian: trial % 4 == 3 ? 0.21 : nil)
    let sumG = Double(Int(rng.next() % 201) - 100) / 7, sumH = Double(count) * 0.21
    return (cells, bins, missing, count, sumG, sumH, settings)
}

private func searchAll(_ p: (cells: [HistogramCell], bins: [Int32], missing: [UInt8], count: Int, sumG: Double, sumH: Double,
                             settings: SplitSearchSettings)) -> [SplitCandidate] {
    var out = [SplitCandidate](repeating: SplitCandidate(gain: 0, bin: 0, missingLeft: false, gradientLeft: 0, hessianLeft: 0,
                                                         countLeft: 0), count: p.bins.count)
    p.cells.withUnsafeBufferPointer { h in
        HistogramKernels.bestSplits(h.baseAddress!, features: p.bins.count, binsNonMissing: p.bins, hasMissing: p.missing,
                                    sumGradient: p.sumG, sumHessian: p.sumH, count: p.count, nodeValue: 0.3, settings: p.settings,
                                    into: &out)
    }
    return out
}

/// The multi-feature search (four features' running sums side by side) picks exactly the candidates of one search
/// per feature, including a group of features that is not a multiple of four.
@Test func multiFeatureSplitSearchEqualsOneSearchPerFeature() {
    var rng = Lcg(state: 29)
    let features = 11, per = HistogramKernels.binsPerFeature
    for trial in 0..<24 {
        let p = randomSplitProblem(trial: trial, features: features, rng: &rng)
        let many = searchAll(p)
        p.cells.withUnsafeBufferPointer { h in
            for f in 0..<features {
                let one = HistogramKernels.bestSplit(h.baseAddress! + f * per, binsNonMissing: Int(p.bins[f]), hasMissing: p.missing[f] == 1,
                                                     sumGradient: p.sumG, sumHessian: p.sumH, count: p.count, nodeValue: 0.3,
                                                     settings: p.settings)
                #expect(many[f] == one, "trial \(trial) feature \(f)")
            }
        }
        #expect(many.contains { $0.isValid } || trial % 3 == 2, "trial \(trial): the search should find some cut")
    }
}

/// The vector split search (the limits without an early exit, the best cut as the first one holding the largest
/// gain) chooses bit for bit what the portable one-cut-at-a-time loops choose, ties between equal gains included.
@Test(arguments: KernelPath.supported)
func splitSearchOnEveryPathEqualsThePortableOne(path: KernelPath) {
    var rng = Lcg(state: 31)
    for trial in 0..<48 {
        let p = randomSplitProblem(trial: trial, features: 9, rng: &rng)
        let portable = KernelPath.withPath(.generic) { searchAll(p) }
        let fast = KernelPath.withPath(path) { searchAll(p) }
        #expect(fast == portable, "\(path) trial \(trial)")
    }
}
