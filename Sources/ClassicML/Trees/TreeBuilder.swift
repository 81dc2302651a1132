// CART growth (scikit-learn's BestSplitter + DepthFirstTreeBuilder): exhaustive threshold search over sorted
// feature values, midpoint thresholds, weighted samples (bootstrap counts), depth and leaf-size limits.
//
// Tie rule: among splits of equal score the first one found wins (strictly greater replaces). Features are
// examined in index order when all are considered (scikit-learn shuffles them with its random_state), in a
// seeded random order otherwise; within a feature, the lowest threshold is found first.
import Foundation
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

/// Grows one tree. `x` is column-major `[features][rows]`; rows of weight 0 are left out (bootstrap).
struct TreeBuilder {
    let x: [Double]
    let rows: Int
    let columns: Int
    let task: TreeTask
    let limits: TreeLimits
    let maxFeatures: Int

    /// Two feature values closer than this are treated as equal (scikit-learn's FEATURE_THRESHOLD).
    static let featureTolerance = 1e-7

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

    @inline(__always)
    func add(_ i: Int, weight w: Double, to s: inout Stats) {
        s.weight += w
        switch task {
        case let .classification(codes, _, _): s.sums[codes[i]] += w
        case let .regression(y):
            s.sums[0] += w * y[i]
            s.sums[1] += w * y[i] * y[i]
        }
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

    /// Grows the tree on rows of positive `weights`; `rng` orders features when fewer than all are examined.
    func grow(weights: [Double], rng: inout RandomGenerator) -> TreeNodes {
        var samples = (0..<rows).filter { weights[$0] > 0 }
        var tree = TreeNodes(outputs: task.outputs, features: columns)
        var pairs = [(value: Double, row: Int)]()
        pairs.reserveCapacity(samples.count)
        var order = Array(0..<columns)
        // (start, end, depth, parent, isLeft)
        var stack = [(0, samples.count, 0, -1, true)]
        while let (start, end, depth, parent, isLeft) = stack.popLast() {
            let id = tree.count
            if parent >= 0 {
                if isLeft { tree.left[parent] = id } else { tree.right[parent] = id }
            }
            var stats = emptyStats()
            for p in start..<end { add(samples[p], weight: weights[samples[p]], to: &stats) }
            let nodeImpurity = impurity(stats)
            tree.feature.append(-1)
            tree.threshold.append(0)
            tree.left.append(-1)
            tree.right.append(-1)
            tree.values += leafValue(stats)
            tree.nodeSamples.append(end - start)
            tree.nodeImpurity.append(nodeImpurity)

            let n = end - start
            let mayGrow = depth < (limits.maxDepth ?? .max) && n >= limits.minSamplesSplit
                && n >= 2 * limits.minSamplesLeaf && nodeImpurity > Double.ulpOfOne
            guard mayGrow,
                  let split = bestSplit(samples[start..<end], weights: weights, node: stats, order: &order, pairs: &pairs, rng: &rng)
            else { continue }

            // Partition rows going left to the front (stable within each side).
            let segment = samples[start..<end]
            let goesLeft = segment.filter { x[split.feature * rows + $0] <= split.threshold }
            let goesRight = segment.filter { x[split.feature * rows + $0] > split.threshold }
            samples.replaceSubrange(start..<end, with: goesLeft + goesRight)
            let middle = start + goesLeft.count

            var l = emptyStats(), r = emptyStats()
            for i in goesLeft { add(i, weight: weights[i], to: &l) }
            for i in goesRight { add(i, weight: weights[i], to: &r) }
            tree.importance[split.feature] += stats.weight * nodeImpurity - l.weight * impurity(l) - r.weight * impurity(r)
            tree.feature[id] = split.feature
            tree.threshold[id] = split.threshold
            stack.append((middle, end, depth + 1, id, false))
            stack.append((start, middle, depth + 1, id, true))
        }
        return tree
    }

    /// The best split of `segment`, or nil when no feature separates it within the leaf-size limit.
    func bestSplit(
        _ segment: ArraySlice<Int>, weights: [Double], node: Stats, order: inout [Int],
        pairs: inout [(value: Double, row: Int)], rng: inout RandomGenerator
    ) -> (feature: Int, threshold: Double)? {
        var best: (feature: Int, threshold: Double, score: Double)?
        var visited = 0, informative = 0
        for f in 0..<columns {
            if visited >= maxFeatures && informative > 0 { break }
            // A partial Fisher–Yates shuffle draws the next feature when only some are examined.
            if maxFeatures < columns {
                let j = f + rng.nextInt(below: columns - f)
                order.swapAt(f, j)
            }
            let feature = maxFeatures < columns ? order[f] : f
            visited += 1
            pairs.removeAll(keepingCapacity: true)
            for i in segment { pairs.append((x[feature * rows + i], i)) }
            pairs.sort { $0.value < $1.value }
            guard pairs[pairs.count - 1].value > pairs[0].value + Self.featureTolerance else { continue }
            informative += 1
            guard let (score, p) = scan(pairs, weights: weights, node: node), best == nil || score > best!.score else { continue }
            var t = pairs[p].value / 2 + pairs[p + 1].value / 2
            if t == pairs[p + 1].value || !t.isFinite { t = pairs[p].value }
            best = (feature, t, score)
        }
        return best.map { ($0.feature, $0.threshold) }
    }
}

extension TreeBuilder {
    /// The best cut of one feature's sorted `(value, row)` pairs: its score and the position `p` of the last row
    /// going left, or nil if no cut between distinct values keeps ``TreeLimits/minSamplesLeaf`` rows on each side.
    /// Scores are scikit-learn's proxies; the first of equal scores wins.
    func scan(_ pairs: [(value: Double, row: Int)], weights: [Double], node: Stats) -> (score: Double, position: Int)? {
        let m = pairs.count, minLeaf = limits.minSamplesLeaf
        var best: (score: Double, position: Int)?
        @inline(__always) func cuttable(_ p: Int) -> Bool {
            pairs[p + 1].value > pairs[p].value + Self.featureTolerance && p + 1 >= minLeaf && m - p - 1 >= minLeaf
        }
        switch task {
        case let .classification(codes, k, criterion):
            var left = [Double](repeating: 0, count: k), right = node.sums
            var wl = 0.0, wr = node.weight
            for p in 0..<(m - 1) {
                let i = pairs[p].row, w = weights[i], c = codes[i]
                left[c] += w; right[c] -= w; wl += w; wr -= w
                guard cuttable(p) else { continue }
                var score = 0.0
                if criterion == .gini {
                    var sl = 0.0, sr = 0.0
                    for j in 0..<k { sl += left[j] * left[j]; sr += right[j] * right[j] }
                    score = sl / wl + sr / wr
                } else {
                    for j in 0..<k {
                        if left[j] > 0 { score += left[j] * Foundation.log2(left[j] / wl) }
                        if right[j] > 0 { score += right[j] * Foundation.log2(right[j] / wr) }
                    }
                }
                if best == nil || score > best!.score { best = (score, p) }
            }
        case let .regression(y):
            var sl = 0.0, sr = node.sums[0], wl = 0.0, wr = node.weight
            for p in 0..<(m - 1) {
                let i = pairs[p].row, w = weights[i]
                sl += w * y[i]; sr -= w * y[i]; wl += w; wr -= w
                guard cuttable(p) else { continue }
                let score = sl * sl / wl + sr * sr / wr
                if best == nil || score > best!.score { best = (score, p) }
            }
        }
        return best
    }

    /// A builder over row-major `values` (transposed here to columns).
    init(values: [Double], rows: Int, columns: Int, task: TreeTask, limits: TreeLimits, maxFeatures: Int) {
        var t = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows { for j in 0..<columns { t[j * rows + i] = values[i * columns + j] } }
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
