// Leaf-wise (best-first) growth of one regression tree on gradients and hessians over bin codes (scikit-learn's
// TreeGrower, LightGBM's leaf-wise growth).
//
// Each node keeps a histogram of (gradient, hessian, count) per feature and bin. A split builds the histogram of
// the smaller child in one pass over its rows and gets the larger child's by subtracting it from the parent's.
// Histogram building and split search run over features on all cores; each feature is handled by one thread
// and the best feature is chosen afterwards in index order, so the tree does not depend on the thread count.
import Kernels

/// Training codes in the grower's layout, and what the split search needs to know of each feature.
struct BinnedTrainingData {
    /// Column-major codes `[columns][rows]`.
    let codes: [UInt8]
    let rows: Int
    let columns: Int
    let binner: FeatureBinner
    /// Whether each feature had a missing value in the training rows (otherwise missing values are not scanned,
    /// and at predict time they follow the larger child).
    let hasMissing: [Bool]
    let binsNonMissing: [Int]

    init(codes: [UInt8], rows: Int, columns: Int, binner: FeatureBinner) {
        self.codes = codes
        self.rows = rows
        self.columns = columns
        self.binner = binner
        binsNonMissing = binner.binsNonMissing
        hasMissing = (0..<columns).map { f in codes[(f * rows)..<((f + 1) * rows)].contains(UInt8(binner.missingBin)) }
    }
}

/// Size limits and regularisation of every tree.
struct GrowthSettings {
    var maxLeafNodes: Int?
    var maxDepth: Int?
    var minSamplesLeaf: Int
    var l2Regularization: Double
    /// The learning rate, multiplied into every leaf value.
    var shrinkage: Double
}

/// A leaf of a grown tree: its node index and the positions of its rows in ``HistogramTreeGrower/rowOrder``.
struct GrownLeaf {
    let node: Int
    let rows: Range<Int>
}

/// Grows trees on one training set; its buffers (row order, gradients in node order, histograms) are reused
/// from tree to tree. Not thread-safe: a grower grows one tree at a time (multiclass fits use one per thread).
final class HistogramTreeGrower: @unchecked Sendable {  // unchecked: each grower is used by one thread at a time
    let data: BinnedTrainingData
    let settings: GrowthSettings
    /// The training rows, partitioned so that each node's rows are contiguous.
    let rowOrder: UnsafeMutablePointer<UInt32>
    private let codes: UnsafeMutablePointer<UInt8>
    private let scratch: UnsafeMutablePointer<UInt32>
    private let orderedGradients: UnsafeMutablePointer<Float>
    private let orderedHessians: UnsafeMutablePointer<Float>
    /// One candidate per (child slot, feature) of the split search in progress.
    private let candidates: UnsafeMutablePointer<SplitCandidate>
    /// Each feature's non-missing bin count: histogram cells beyond it (but the missing bin) are never touched.
    private let usedBins: UnsafeMutablePointer<Int32>
    /// Each feature's `hasMissing` as 0 or 1, for the split-search kernel.
    private let missingFlags: UnsafeMutablePointer<UInt8>
    private var freeHistograms: [UnsafeMutablePointer<HistogramCell>] = []
    private var allHistograms: [UnsafeMutablePointer<HistogramCell>] = []
    private var cellsPerHistogram: Int { data.columns * HistogramKernels.binsPerFeature }

    init(data: BinnedTrainingData, settings: GrowthSettings) {
        self.data = data
        self.settings = settings
        let n = data.rows
        codes = .allocate(capacity: data.codes.count)
        codes.initialize(from: data.codes, count: data.codes.count)
        rowOrder = .allocate(capacity: n)
        scratch = .allocate(capacity: n)
        orderedGradients = .allocate(capacity: n)
        orderedHessians = .allocate(capacity: n)
        candidates = .allocate(capacity: 2 * data.columns)
        usedBins = .allocate(capacity: data.columns)
        for f in 0..<data.columns { usedBins[f] = Int32(data.binsNonMissing[f]) }
        missingFlags = .allocate(capacity: data.columns)
        for f in 0..<data.columns { missingFlags[f] = data.hasMissing[f] ? 1 : 0 }
    }

    deinit {
        codes.deallocate()
        rowOrder.deallocate()
        scratch.deallocate()
        orderedGradients.deallocate()
        orderedHessians.deallocate()
        candidates.deallocate()
        usedBins.deallocate()
        missingFlags.deallocate()
        for h in allHistograms { h.deallocate() }
    }

    private func acquireHistogram() -> UnsafeMutablePointer<HistogramCell> {
        if let h = freeHistograms.popLast() { return h }
        let h = UnsafeMutablePointer<HistogramCell>.allocate(capacity: cellsPerHistogram)
        allHistograms.append(h)
        return h
    }

    /// A node being grown: its rows `rowOrder[start..<end]`, sums, Newton value and (while splittable) histogram.
    private struct Node {
        let id: Int
        let start: Int, end: Int
        let depth: Int
        let sumGradient: Double, sumHessian: Double
        let value: Double
        var histogram: UnsafeMutablePointer<HistogramCell>?
        var split: (feature: Int, candidate: SplitCandidate)?
        var count: Int { end - start }
    }

    private var splitSettings: SplitSearchSettings {
        SplitSearchSettings(minSamplesLeaf: settings.minSamplesLeaf, l2Regularization: settings.l2Regularization,
                            constantHessian: constantHessian)
    }
    private var constantHessian: Double?

    /// Grows one tree on per-row `gradients` and `hessians` (nil: constant hessian `constantHessian`). Returns the
    /// tree (leaf values already multiplied by the learning rate) and its leaves' rows in ``rowOrder``.
    func grow(gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>?, constantHessian: Double?) -> (BoostedTree, [GrownLeaf]) {
        self.constantHessian = constantHessian
        let n = data.rows, columns = data.columns
        for i in 0..<n { rowOrder[i] = UInt32(i) }
        var tree = BoostedTree()
        var leaves: [GrownLeaf] = []

        // The root: its histogram over all rows (no gather needed), its sums from feature 0's histogram.
        let rootHistogram = acquireHistogram()
        let hp = SendablePointer(rootHistogram), cp = SendablePointer(codes), up = SendablePointer(usedBins)
        let gp = SendablePointer(gradients), hsp = hessians.map { SendablePointer($0) }, missingBin = data.binner.missingBin
        parallelChunks(columns, minimumPerThread: minimumFeaturesPerThread(rows: n)) { r in
            HistogramKernels.build(binned: cp.raw, stride: n, features: r, rows: nil, count: n, gradients: gp.raw, hessians: hsp?.raw,
                                   usedBins: up.raw + r.lowerBound, missingBin: missingBin,
                                   into: hp.raw + r.lowerBound * HistogramKernels.binsPerFeature)
        }
        var sumGradient = 0.0, sumHessian = 0.0
        for b in Array(0..<data.binsNonMissing[0]) + [missingBin] {
            sumGradient += rootHistogram[b].gradient
            sumHessian += rootHistogram[b].hessian
        }
        if let c = constantHessian { sumHessian = c * Double(n) }
        // The root keeps value 0 as scikit-learn's does: a tree that cannot split adds nothing.
        var root = Node(id: tree.appendLeaf(value: 0), start: 0, end: n, depth: 0, sumGradient: sumGradient,
                        sumHessian: sumHessian, value: 0, histogram: rootHistogram)
        var splittable: [Node] = []
        if n >= 2 * settings.minSamplesLeaf && sumHessian >= splitSettings.minHessian {
            searchSplits(of: [root])
            root.split = bestSplit(slot: 0)
        }
        if let split = root.split, split.candidate.gain > 0 {
            splittable.append(root)
        } else {
            finalize(root, into: &leaves)
        }

        while !splittable.isEmpty {
            // The splittable node of largest gain (the earliest on ties).
            var pick = 0
            for j in 1..<splittable.count where splittable[j].split!.candidate.gain > splittable[pick].split!.candidate.gain { pick = j }
            let node = splittable.remove(at: pick)
            let (feature, c) = node.split!
            let leftCount = HistogramKernels.partition(
                column: codes + feature * n, rows: rowOrder + node.start, count: node.count, bin: c.bin,
                missingBin: data.binner.missingBin, missingLeft: c.missingLeft, scratch: scratch)
            let l2 = settings.l2Regularization
            let rightGradient = node.sumGradient - c.gradientLeft, rightHessian = node.sumHessian - c.hessianLeft
            var left = Node(id: tree.appendLeaf(value: 0), start: node.start, end: node.start + leftCount, depth: node.depth + 1,
                            sumGradient: c.gradientLeft, sumHessian: c.hessianLeft,
                            value: -c.gradientLeft / (c.hessianLeft + l2 + 1e-15), histogram: nil, split: nil)
            var right = Node(id: tree.appendLeaf(value: 0), start: node.start + leftCount, end: node.end, depth: node.depth + 1,
                             sumGradient: rightGradient, sumHessian: rightHessian,
                             value: -rightGradient / (rightHessian + l2 + 1e-15), histogram: nil, split: nil)
            tree.value[left.id] = left.value
            tree.value[right.id] = right.value
            tree.feature[node.id] = Int32(feature)
            tree.bin[node.id] = UInt8(c.bin)
            let thresholds = data.binner.thresholds[feature]
            tree.threshold[node.id] = c.bin == data.binsNonMissing[feature] - 1 ? .infinity : thresholds[c.bin]
            // Without missing values in training, a missing value at predict time follows the larger child.
            tree.missingLeft[node.id] = data.hasMissing[feature] ? c.missingLeft : left.count > right.count
            tree.left[node.id] = Int32(left.id)
            tree.right[node.id] = Int32(right.id)

            let leafTotal = leaves.count + splittable.count + 2
            if let maxLeaves = settings.maxLeafNodes, leafTotal >= maxLeaves {
                release(node.histogram)
                finalize(left, into: &leaves)
                finalize(right, into: &leaves)
                for s in splittable {
                    release(s.histogram)
                    finalize(s, into: &leaves)
                }
                splittable.removeAll()
                break
            }
            let tooDeep = settings.maxDepth.map { left.depth >= $0 } ?? false
            let splitLeft = !tooDeep && left.count >= 2 * settings.minSamplesLeaf
            let splitRight = !tooDeep && right.count >= 2 * settings.minSamplesLeaf
            if splitLeft || splitRight {
                // Build the smaller child's histogram, subtract it from the parent's for the larger child.
                let smallIsLeft = left.count < right.count
                let small = acquireHistogram()
                if smallIsLeft {
                    left.histogram = small
                    right.histogram = node.histogram
                } else {
                    right.histogram = small
                    left.histogram = node.histogram
                }
                let smallRows = smallIsLeft ? left : right
                buildChildHistograms(small: smallRows, smallHistogram: small, parentHistogram: node.histogram!,
                                     gradients: gradients, hessians: hessians,
                                     search: [splitLeft ? left : nil, splitRight ? right : nil])
                if splitLeft { left.split = bestSplit(slot: 0) }
                if splitRight { right.split = bestSplit(slot: 1) }
            } else {
                release(node.histogram)
            }
            for var child in [left, right] {
                if let s = child.split, s.candidate.gain > 0 {
                    splittable.append(child)
                } else {
                    release(child.histogram)
                    child.histogram = nil
                    finalize(child, into: &leaves)
                }
            }
        }
        for leaf in leaves { tree.value[leaf.node] *= settings.shrinkage }
        return (tree, leaves)
    }

    private func release(_ h: UnsafeMutablePointer<HistogramCell>?) {
        if let h { freeHistograms.append(h) }
    }

    private func finalize(_ node: Node, into leaves: inout [GrownLeaf]) {
        leaves.append(GrownLeaf(node: node.id, rows: node.start..<node.end))
    }

    /// Features per thread so that a thread gets enough rows × features to be worth waking.
    private func minimumFeaturesPerThread(rows: Int) -> Int {
        max(1, 40_000 / (rows + 2 * HistogramKernels.binsPerFeature))
    }

    /// Best split per feature of each given node (slot 0 and 1 of ``candidates``), histograms already built.
    private func searchSplits(of nodes: [Node?]) {
        let cands = SendablePointer(candidates)
        let columns = data.columns, settings = splitSettings
        let binsNonMissing = SendablePointer(usedBins), hasMissing = SendablePointer(missingFlags)
        let targets = nodes.map { n in n.map { (SendablePointer($0.histogram!), $0.sumGradient, $0.sumHessian, $0.count, $0.value) } }
        parallelChunks(columns, minimumPerThread: max(1, 64 / max(1, targets.count))) { r in
            Self.search(features: r, targets: targets, binsNonMissing: binsNonMissing, hasMissing: hasMissing,
                        settings: settings, columns: columns, into: cands)
        }
    }

    private typealias SearchTarget = (SendablePointer<HistogramCell>, Double, Double, Int, Double)

    private static func search(features r: Range<Int>, targets: [SearchTarget?], binsNonMissing: SendablePointer<Int32>,
                               hasMissing: SendablePointer<UInt8>,
                               settings: SplitSearchSettings, columns: Int, into cands: SendablePointer<SplitCandidate>) {
        for (slot, target) in targets.enumerated() {
            guard let (h, g, hs, count, value) = target else { continue }
            HistogramKernels.bestSplits(
                h.raw + r.lowerBound * HistogramKernels.binsPerFeature, features: r.count,
                binsNonMissing: binsNonMissing.raw + r.lowerBound, hasMissing: hasMissing.raw + r.lowerBound,
                sumGradient: g, sumHessian: hs, count: count, nodeValue: value, settings: settings,
                into: cands.raw + slot * columns + r.lowerBound)
        }
    }

    /// Builds the smaller child's histogram, turns the parent's into the larger child's, and searches the splits of
    /// `search` (left, right; nil = not splittable), all in one pass over features spread over threads.
    private func buildChildHistograms(small: Node, smallHistogram: UnsafeMutablePointer<HistogramCell>,
                                      parentHistogram: UnsafeMutablePointer<HistogramCell>, gradients: UnsafePointer<Float>,
                                      hessians: UnsafePointer<Float>?, search: [Node?]) {
        let rows = rowOrder + small.start
        HistogramKernels.gather(gradients, rows: rows, count: small.count, into: orderedGradients)
        if let hessians { HistogramKernels.gather(hessians, rows: rows, count: small.count, into: orderedHessians) }
        let n = data.rows, columns = data.columns, settings = splitSettings, per = HistogramKernels.binsPerFeature
        let cp = SendablePointer(codes), rp = SendablePointer(rows), gp = SendablePointer(orderedGradients)
        let up = SendablePointer(usedBins), missingBin = data.binner.missingBin
        let hp = hessians == nil ? nil : SendablePointer(orderedHessians)
        let sp = SendablePointer(smallHistogram), pp = SendablePointer(parentHistogram), count = small.count
        let cands = SendablePointer(candidates)
        let binsNonMissing = SendablePointer(usedBins), hasMissing = SendablePointer(missingFlags)
        // After the build the smaller child's histogram is `sp` and the larger child's is the parent's buffer `pp`.
        let targets: [SearchTarget?] = search.map { node in
            node.map { (($0.id == small.id) ? sp : pp, $0.sumGradient, $0.sumHessian, $0.count, $0.value) }
        }
        parallelChunks(columns, minimumPerThread: minimumFeaturesPerThread(rows: count)) { r in
            let offset = r.lowerBound * per
            HistogramKernels.build(binned: cp.raw, stride: n, features: r, rows: rp.raw, count: count, gradients: gp.raw,
                                   hessians: hp?.raw, usedBins: up.raw + r.lowerBound, missingBin: missingBin, into: sp.raw + offset)
            HistogramKernels.subtract(parent: pp.raw + offset, child: sp.raw + offset, into: pp.raw + offset, features: r.count,
                                      usedBins: up.raw + r.lowerBound, missingBin: missingBin)
            Self.search(features: r, targets: targets, binsNonMissing: binsNonMissing, hasMissing: hasMissing,
                        settings: settings, columns: columns, into: cands)
        }
    }

    /// The best of slot `slot`'s per-feature candidates: the first feature of strictly largest gain.
    private func bestSplit(slot: Int) -> (feature: Int, candidate: SplitCandidate)? {
        var best: (feature: Int, candidate: SplitCandidate)?
        for f in 0..<data.columns {
            let c = candidates[slot * data.columns + f]
            if c.isValid && (best == nil || c.gain > best!.candidate.gain) { best = (f, c) }
        }
        return best
    }
}
