// CART growth (scikit-learn's BestSplitter + DepthFirstTreeBuilder): exhaustive threshold search over sorted
// feature values, midpoint thresholds, weighted samples (bootstrap counts), depth and leaf-size limits.
//
// Tie rule: among splits of equal score the first one found wins (strictly greater replaces); within a feature,
// the lowest threshold is found first. The order features are examined in is a `FeatureDraw`: scikit-learn's
// (single trees: its Fisher–Yates draw from `our_rand_r` seeded like `random_state`, with its bookkeeping of
// constant features, so a tree with seed s is scikit-learn's with random_state=s; regression trees then also keep
// rows in scikit-learn's order so their sums round as there), or a partial Fisher–Yates from our own generator
// (forests, which draw their own bootstraps and need not match scikit-learn's).
import Foundation
import Kernels
import Tensors

/// What a tree predicts and how it scores a node.
enum TreeTask: Sendable {
    case classification(codes: [Int], classes: Int, criterion: ClassificationCriterion)
    case regression(targets: [Double])

    var outputs: Int {
        switch self {
        case let .classification(_, k, _): k
        case .regression: 1
        }
    }
}

/// Grows one tree. `x` is column-major `[features][rows]` in Float32 (as scikit-learn's trees read their input);
/// rows of weight 0 are left out (bootstrap). Thresholds are Float64 midpoints of consecutive Float32 values.
struct TreeBuilder: Sendable {
    let x: [Float]
    let rows: Int
    let columns: Int
    let task: TreeTask
    let limits: TreeLimits
    let maxFeatures: Int
    /// The class of each row as Int32 (classification; empty for regression), for the C scan.
    let classCodes: [Int32]

    /// Two feature values closer than this are treated as equal (scikit-learn's FEATURE_THRESHOLD).
    static let featureTolerance = 1e-7

    init(x: [Float], rows: Int, columns: Int, task: TreeTask, limits: TreeLimits, maxFeatures: Int) {
        self.x = x
        self.rows = rows
        self.columns = columns
        self.task = task
        self.limits = limits
        self.maxFeatures = maxFeatures
        if case let .classification(codes, _, _) = task { classCodes = codes.map { Int32($0) } } else { classCodes = [] }
    }

    /// Node statistics: per-class weights (classification) or (Σw·y, Σw·y²) (regression), and the total weight.
    struct Stats {
        var sums: [Double]
        var weight = 0.0
    }

    func emptyStats() -> Stats {
        switch task {
        case let .classification(_, k, _): Stats(sums: [Double](repeating: 0, count: k))
        case .regression: Stats(sums: [0, 0])
        }
    }

    /// The statistics of rows `rows[0..<count]`, summed in that order.
    func stats(_ rows: UnsafePointer<UInt32>, count: Int, weights: UnsafePointer<Double>) -> Stats {
        var s = emptyStats()
        switch task {
        case .classification:
            classCodes.withUnsafeBufferPointer { codes in
                s.sums.withUnsafeMutableBufferPointer { sums in
                    for p in 0..<count {
                        let i = Int(rows[p]), w = weights[i]
                        s.weight += w
                        sums[Int(codes[i])] += w
                    }
                }
            }
        case let .regression(y):
            y.withUnsafeBufferPointer { y in
                var a = 0.0, b = 0.0
                for p in 0..<count {
                    let i = Int(rows[p]), w = weights[i]
                    s.weight += w
                    a += w * y[i]
                    b += w * y[i] * y[i]
                }
                s.sums[0] = a
                s.sums[1] = b
            }
        }
        return s
    }

    func impurity(_ s: Stats) -> Double {
        guard s.weight > 0 else { return 0 }
        switch task {
        case let .classification(_, _, criterion):
            switch criterion {
            case .gini: return 1 - s.sums.reduce(0) { $0 + ($1 / s.weight) * ($1 / s.weight) }
            case .entropy:
                return s.sums.reduce(0) { e, c in c > 0 ? e - (c / s.weight) * Foundation.log2(c / s.weight) : e }
            }
        case .regression:
            let mean = s.sums[0] / s.weight
            return max(0, s.sums[1] / s.weight - mean * mean)
        }
    }

    func leafValue(_ s: Stats) -> [Double] {
        switch task {
        case .classification: s.sums.map { $0 / s.weight }
        case .regression: [s.sums[0] / s.weight]
        }
    }

    /// Per-tree buffers: the rows of every node (each node's rows contiguous), sort keys and scratch space.
    final class Workspace {
        let samples: UnsafeMutablePointer<UInt32>
        let rowScratch: UnsafeMutablePointer<UInt32>
        let keys: UnsafeMutablePointer<UInt64>
        let bestKeys: UnsafeMutablePointer<UInt64>
        let keyScratch: UnsafeMutablePointer<UInt64>
        let work: UnsafeMutablePointer<Double>
        /// A node's sorted values of one feature (regression in scikit-learn's row order).
        let values: UnsafeMutablePointer<Float>

        init(rows: Int, classes: Int) {
            samples = .allocate(capacity: max(rows, 1))
            rowScratch = .allocate(capacity: max(rows, 1))
            keys = .allocate(capacity: max(rows, 1))
            bestKeys = .allocate(capacity: max(rows, 1))
            keyScratch = .allocate(capacity: max(rows, 1))
            work = .allocate(capacity: 2 * max(classes, 1))
            values = .allocate(capacity: max(rows, 1))
        }

        deinit {
            samples.deallocate()
            rowScratch.deallocate()
            keys.deallocate()
            bestKeys.deallocate()
            keyScratch.deallocate()
            work.deallocate()
            values.deallocate()
        }
    }

    /// Grows the tree on rows of positive `weights`; `rng` orders features when fewer than all are examined
    /// (index order when all are).
    func grow(weights: [Double], rng: inout RandomGenerator) -> TreeNodes {
        var draw = FeatureDraw(rng: rng, order: Array(0..<columns))
        defer { rng = draw.rng }
        return grow(weights: weights, draw: &draw)
    }

    /// Grows the tree on rows of positive `weights`, examining features in the order scikit-learn's BestSplitter
    /// with `random_state = seed` does: the same data and limits give scikit-learn's tree.
    func growLikeScikitLearn(weights: [Double], seed: UInt64) -> TreeNodes {
        var draw = FeatureDraw(rng: RandomGenerator(seed: seed), order: [],
                               scikitLearn: ScikitLearnFeatureDraw(columns: columns, seed: seed))
        return grow(weights: weights, draw: &draw)
    }

    private func grow(weights: [Double], draw: inout FeatureDraw) -> TreeNodes {
        let space = Workspace(rows: rows, classes: task.outputs)
        var count = 0
        for i in 0..<rows where weights[i] > 0 {
            space.samples[count] = UInt32(i)
            count += 1
        }
        var tree = TreeNodes(outputs: task.outputs, features: columns)
        return weights.withUnsafeBufferPointer { wb in
            x.withUnsafeBufferPointer { xb in
                let w = wb.baseAddress!, xp = xb.baseAddress!
                // (start, end, depth, parent, isLeft, stats, features known to be constant on the node)
                var stack = [(0, count, 0, -1, true, stats(space.samples, count: count, weights: w), 0)]
                while let (start, end, depth, parent, isLeft, nodeStats, knownConstants) = stack.popLast() {
                    let id = tree.count
                    if parent >= 0 {
                        if isLeft { tree.left[parent] = id } else { tree.right[parent] = id }
                    }
                    let nodeImpurity = impurity(nodeStats)
                    tree.feature.append(-1)
                    tree.threshold.append(0)
                    tree.left.append(-1)
                    tree.right.append(-1)
                    tree.values += leafValue(nodeStats)
                    tree.nodeSamples.append(end - start)
                    tree.nodeImpurity.append(nodeImpurity)

                    let n = end - start
                    let mayGrow = depth < (limits.maxDepth ?? .max) && n >= limits.minSamplesSplit
                        && n >= 2 * limits.minSamplesLeaf && nodeImpurity > Double.ulpOfOne
                    guard mayGrow else { continue }
                    let (found, constants) = bestSplit(start: start, count: n, x: xp, weights: w, node: nodeStats,
                                                       knownConstants: knownConstants, space: space, draw: &draw)
                    guard let split = found else { continue }

                    // Partition rows going left to the front: stable within each side, or as scikit-learn does where
                    // the row order must stay its own (regression trees equal to scikit-learn's).
                    let segment = space.samples + start
                    let leftCount = scikitLearnRowOrder(draw)
                        ? TreeSplitKernels.scikitLearnPartition(column: xp + split.feature * rows, rows: segment, count: n,
                                                                threshold: split.threshold)
                        : TreeSplitKernels.partition(column: xp + split.feature * rows, rows: segment, count: n,
                                                     threshold: split.threshold, scratch: space.rowScratch)
                    let middle = start + leftCount
                    let l = stats(segment, count: leftCount, weights: w)
                    let r = stats(segment + leftCount, count: n - leftCount, weights: w)
                    tree.importance[split.feature] += nodeStats.weight * nodeImpurity - l.weight * impurity(l) - r.weight * impurity(r)
                    tree.feature[id] = split.feature
                    tree.threshold[id] = split.threshold
                    stack.append((middle, end, depth + 1, id, false, r, constants))
                    stack.append((start, middle, depth + 1, id, true, l, constants))
                }
                return tree
            }
        }
    }

    /// How one feature splits a node: constant on it (no cut to consider), or its best cut if any (with its
    /// threshold when the sorted values are not kept as keys).
    enum FeatureCut {
        case constant
        case cut((position: Int, score: Double, threshold: Double?)?)
    }

    /// Whether rows are kept in scikit-learn's order: regression trees drawing features as scikit-learn does, whose
    /// scores (sums of real targets) then round exactly as there. Classification sums are whole numbers, exact in
    /// any order.
    func scikitLearnRowOrder(_ draw: FeatureDraw) -> Bool {
        if case .regression = task { return draw.scikitLearn != nil }
        return false
    }

    /// Sorts the node's values of `feature` into `keys` and scans them for the best cut (`exact`: scoring with
    /// scikit-learn's own expressions, see ``TreeSplitKernels/scanClasses(keys:count:codes:weights:classes:nodeSums:nodeWeight:entropy:exact:minLeaf:tolerance:work:)``).
    func evaluate(
        feature: Int, segment: UnsafeMutablePointer<UInt32>, count m: Int, x: UnsafePointer<Float>, weights: UnsafePointer<Double>,
        node: Stats, keys: UnsafeMutablePointer<UInt64>, space: Workspace, exact: Bool
    ) -> FeatureCut {
        if exact, case let .regression(y) = task {
            // scikit-learn's path: the rows themselves are sorted (in its order), the scan follows its criterion.
            let v = space.values
            TreeSplitKernels.scikitLearnSort(column: x + feature * rows, rows: segment, count: m, values: v)
            guard Double(v[m - 1]) > Double(v[0]) + Self.featureTolerance else { return .constant }
            return .cut(y.withUnsafeBufferPointer { yb in
                TreeSplitKernels.scikitLearnScanRegression(
                    values: v, rows: segment, count: m, targets: yb.baseAddress!, weights: weights, nodeSum: node.sums[0],
                    nodeWeight: node.weight, minLeaf: limits.minSamplesLeaf, tolerance: Self.featureTolerance)
            }.map { ($0.position, $0.score, $0.threshold) })
        }
        TreeSplitKernels.sortedKeys(column: x + feature * rows, rows: segment, count: m, into: keys, scratch: space.keyScratch)
        guard Double(TreeSplitKernels.value(keys[m - 1])) > Double(TreeSplitKernels.value(keys[0])) + Self.featureTolerance
        else { return .constant }
        switch task {
        case let .classification(_, k, criterion):
            return .cut(classCodes.withUnsafeBufferPointer { codes in
                node.sums.withUnsafeBufferPointer { sums in
                    TreeSplitKernels.scanClasses(
                        keys: keys, count: m, codes: codes.baseAddress!, weights: weights, classes: k, nodeSums: sums.baseAddress!,
                        nodeWeight: node.weight, entropy: criterion == .entropy, exact: exact, minLeaf: limits.minSamplesLeaf,
                        tolerance: Self.featureTolerance, work: space.work)
                }
            }.map { ($0.position, $0.score, nil) })
        case let .regression(y):
            return .cut(y.withUnsafeBufferPointer { yb in
                TreeSplitKernels.scanRegression(keys: keys, count: m, targets: yb.baseAddress!, weights: weights, nodeSum: node.sums[0],
                                                nodeWeight: node.weight, minLeaf: limits.minSamplesLeaf, tolerance: Self.featureTolerance)
            }.map { ($0.position, $0.score, nil) })
        }
    }

    /// The best split of the node's rows `space.samples[start ..< start + count]` (nil when no feature separates them
    /// within the leaf-size limit), and how many features are known to be constant on its children (scikit-learn's
    /// `n_constant_features`; 0 without ``FeatureDraw/scikitLearn``). `knownConstants` is that count of the node.
    func bestSplit(
        start: Int, count m: Int, x: UnsafePointer<Float>, weights: UnsafePointer<Double>, node: Stats, knownConstants: Int,
        space: Workspace, draw: inout FeatureDraw
    ) -> (split: (feature: Int, threshold: Double)?, constants: Int) {
        var best: (feature: Int, position: Int, score: Double, threshold: Double?)?
        let segment = space.samples + start
        var keys = space.keys, bestKeys = space.bestKeys
        // Keeps a feature's cut if it beats the best so far (strictly: the first of equal scores stays).
        func consider(_ feature: Int, _ cut: (position: Int, score: Double, threshold: Double?)?) {
            guard let cut, best == nil || cut.score > best!.score else { return }
            best = (feature, cut.position, cut.score, cut.threshold)
            // Keep this feature's sorted keys (for the threshold); the next feature sorts into the other buffer.
            swap(&keys, &bestKeys)
        }
        var constants = 0
        if draw.scikitLearn != nil {
            constants = draw.scikitLearn!.visit(knownConstants: knownConstants, maxFeatures: maxFeatures) { feature in
                switch evaluate(feature: feature, segment: segment, count: m, x: x, weights: weights, node: node, keys: keys, space: space,
                                exact: true) {
                case .constant: return false
                case let .cut(cut):
                    consider(feature, cut)
                    return true
                }
            }
        } else {
            var visited = 0, informative = 0
            for f in 0..<columns {
                if visited >= maxFeatures && informative > 0 { break }
                // A partial Fisher–Yates shuffle draws the next feature when only some are examined.
                if maxFeatures < columns {
                    let j = f + draw.rng.nextInt(below: columns - f)
                    draw.order.swapAt(f, j)
                }
                let feature = maxFeatures < columns ? draw.order[f] : f
                visited += 1
                guard case let .cut(cut) = evaluate(feature: feature, segment: segment, count: m, x: x, weights: weights, node: node,
                                                    keys: keys, space: space, exact: false)
                else { continue }
                informative += 1
                consider(feature, cut)
            }
        }
        guard let best else { return (nil, constants) }
        if let t = best.threshold { return ((best.feature, t), constants) }
        let a = Double(TreeSplitKernels.value(bestKeys[best.position])), b = Double(TreeSplitKernels.value(bestKeys[best.position + 1]))
        var t = a / 2 + b / 2
        if t == b || !t.isFinite { t = a }
        return ((best.feature, t), constants)
    }
}

/// The order in which a tree examines features at each node: scikit-learn's draw when `scikitLearn` is set;
/// otherwise index order when all features are examined, else a partial Fisher–Yates shuffle of `order` (kept
/// from node to node) from `rng`.
struct FeatureDraw {
    var rng: RandomGenerator
    var order: [Int]
    var scikitLearn: ScikitLearnFeatureDraw?
}

/// scikit-learn's feature draw in `node_split_best` (sklearn/tree/_splitter.pyx): a Fisher–Yates draw over a
/// permutation of the features kept from node to node, with `rand_int` from ``ScikitLearnRandR``, skipping (but
/// counting as visited) features already known to be constant on the node, and recording newly found constant
/// ones for the node's children. Replaying it over the same nodes in the same (depth-first, left-first) order
/// visits features exactly as scikit-learn does.
struct ScikitLearnFeatureDraw {
    private var features: [Int]
    private var constantFeatures: [Int]
    private var random: ScikitLearnRandR

    init(columns: Int, seed: UInt64) {
        features = Array(0..<columns)
        constantFeatures = [Int](repeating: 0, count: columns)
        random = ScikitLearnRandR(seed: seed)
    }

    /// Draws features for one node until `maxFeatures` have been visited (and at least one was not constant) or
    /// every feature not known to be constant has been. `evaluate(feature)` examines a feature and returns whether
    /// it varies on the node. Returns the number of features known to be constant on the node's children.
    mutating func visit(knownConstants: Int, maxFeatures: Int, _ evaluate: (Int) -> Bool) -> Int {
        let columns = features.count
        var remaining = columns  // features[remaining...] were drawn and vary (scikit-learn's f_i)
        var found = 0, drawn = 0, visited = 0
        var totalConstants = knownConstants
        // Invariant (as scikit-learn's): features[..<drawn] known constants already drawn, [drawn..<knownConstants]
        // known constants not yet drawn, [knownConstants..<totalConstants] constants found here,
        // [totalConstants..<remaining] not drawn yet, [remaining...] drawn and varying.
        while remaining > totalConstants && (visited < maxFeatures || visited <= found + drawn) {
            visited += 1
            var j = random.int(drawn, remaining - found)
            if j < knownConstants {
                features.swapAt(drawn, j)
                drawn += 1
                continue
            }
            j += found
            if !evaluate(features[j]) {
                features.swapAt(j, totalConstants)
                found += 1
                totalConstants += 1
                continue
            }
            remaining -= 1
            features.swapAt(remaining, j)
        }
        // Known constants keep their original order for siblings and children; newly found ones are appended.
        for i in 0..<knownConstants { features[i] = constantFeatures[i] }
        for i in knownConstants..<(knownConstants + found) { constantFeatures[i] = features[i] }
        return totalConstants
    }
}

extension TreeBuilder {
    /// A builder over row-major `values` (transposed here to Float32 columns).
    init(values: [Double], rows: Int, columns: Int, task: TreeTask, limits: TreeLimits, maxFeatures: Int) {
        var t = [Float](repeating: 0, count: rows * columns)
        for i in 0..<rows { for j in 0..<columns { t[j * rows + i] = Float(values[i * columns + j]) } }
        self.init(x: t, rows: rows, columns: columns, task: task, limits: limits, maxFeatures: maxFeatures)
    }
}

extension TreeBuilder {
    /// Checks the settings and the data of a classification tree or forest; returns the builder and the classes.
    static func classification(
        _ x: Tensor, _ y: Tensor?, criterion: ClassificationCriterion, limits: TreeLimits, maxFeatures: MaxFeatures
    ) throws(ClassicMLError) -> (builder: TreeBuilder, classes: [Double]) {
        try limits.validate()
        try maxFeatures.validate()
        let (values, rows, columns) = try Validation.matrix(x)
        let (classes, codes) = try Validation.classes(try Validation.targets(y, rows: rows))
        let builder = TreeBuilder(values: values, rows: rows, columns: columns,
                                  task: .classification(codes: codes, classes: classes.count, criterion: criterion),
                                  limits: limits, maxFeatures: maxFeatures.resolve(features: columns))
        return (builder, classes)
    }

    /// Checks the settings and the data of a regression tree or forest (`model` names it in errors).
    static func regression(
        _ x: Tensor, _ y: Tensor?, limits: TreeLimits, maxFeatures: MaxFeatures, model: String
    ) throws(ClassicMLError) -> TreeBuilder {
        try limits.validate()
        try maxFeatures.validate()
        let (values, rows, columns) = try Validation.matrix(x)
        let targets = try Validation.targets(y, rows: rows)
        guard rows >= 2 else { throw .tooFewSamples(what: model, needed: 2, found: rows) }
        return TreeBuilder(values: values, rows: rows, columns: columns, task: .regression(targets: targets),
                           limits: limits, maxFeatures: maxFeatures.resolve(features: columns))
    }
}
