// The boosting loop shared by the histogram gradient boosting classifier and regressor: baseline, then per
// iteration gradients → one tree per output → raw predictions updated, with optional early stopping on a held-out
// part (scikit-learn's BaseHistGradientBoosting.fit with scoring="loss").
import Datasets
import Kernels
import Tensors

/// A fitted ensemble: the baseline raw prediction per output and the trees, iteration by iteration.
struct BoostedEnsemble: Sendable, Equatable {
    var baseline: [Double]
    /// `iterations × outputs` trees, iteration-major.
    var trees: [BoostedTree]
    var outputs: Int
    var iterations: Int { trees.count / outputs }
    /// Minus the mean training loss, from the baseline on (iterations + 1 values); empty without early stopping.
    var trainScores: [Double] = []
    /// Minus the mean validation loss, as ``trainScores``; empty without early stopping or validation part.
    var validationScores: [Double] = []

    /// Raw predictions `[rows, outputs]` (row-major) of the row-major `x`, rows spread over threads. The trees are
    /// first packed into one array of 24-byte nodes; rows go through them in blocks, tree by tree, so a tree's nodes
    /// stay in cache for the block (each row still adds its trees' values in tree order).
    func raw(_ x: [Double], rows: Int, columns: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows * outputs)
        let k = outputs, packed = PackedTrees(trees)
        x.withUnsafeBufferPointer { xb in
            out.withUnsafeMutableBufferPointer { ob in
                let xp = SendablePointer(xb.baseAddress!), op = SendablePointer(ob.baseAddress!)
                let baseline = self.baseline
                parallelChunks(rows, minimumPerThread: max(1, 50_000 / max(1, trees.count))) { r in
                    for i in r { for t in 0..<k { op.raw[i * k + t] = baseline[t] } }
                    for blockStart in stride(from: r.lowerBound, to: r.upperBound, by: 64) {
                        let block = blockStart..<min(blockStart + 64, r.upperBound)
                        packed.accumulate(xp.raw, rows: block, columns: columns, outputs: k, into: op.raw)
                    }
                }
            }
        }
        return out
    }
}

/// Boosted trees packed for prediction: all nodes in one array. A leaf keeps its value in the threshold slot and
/// points to itself on both sides, so every row can take exactly `depth` steps through a tree without a test for
/// leaves, four rows at a time (their independent chains of loads overlap).
struct PackedTrees: @unchecked Sendable {  // unchecked: read-only after init
    struct Node {
        /// The threshold, or the value at a leaf.
        var threshold: Double
        var feature: Int32
        /// Absolute indices of the children (the node itself at a leaf).
        var left: Int32
        var right: Int32
        var missingLeft: Bool
    }

    let nodes: [Node]
    let roots: [Int]
    let depths: [Int]

    init(_ trees: [BoostedTree]) {
        var nodes: [Node] = [], roots: [Int] = [], depths: [Int] = []
        nodes.reserveCapacity(trees.reduce(0) { $0 + $1.count })
        for tree in trees {
            let base = Int32(nodes.count)
            roots.append(nodes.count)
            var depth = [Int](repeating: 0, count: tree.count)
            for j in 0..<tree.count {
                let leaf = tree.left[j] < 0
                let me = base + Int32(j)
                nodes.append(Node(threshold: leaf ? tree.value[j] : tree.threshold[j], feature: leaf ? 0 : tree.feature[j],
                                  left: leaf ? me : base + tree.left[j], right: leaf ? me : base + tree.right[j],
                                  missingLeft: tree.missingLeft[j]))
                // Children come after their parent.
                if !leaf { depth[Int(tree.left[j])] = depth[j] + 1; depth[Int(tree.right[j])] = depth[j] + 1 }
            }
            depths.append(depth.max() ?? 0)
        }
        self.nodes = nodes
        self.roots = roots
        self.depths = depths
    }

    @inline(__always)
    private static func step(_ nodes: UnsafePointer<Node>, _ n: Int, _ row: UnsafePointer<Double>) -> Int {
        let node = nodes[n]
        let v = row[Int(node.feature)]
        let goLeft = v.isNaN ? node.missingLeft : v <= node.threshold
        return Int(goLeft ? node.left : node.right)
    }

    /// Adds every tree's leaf value to `out[i · outputs + t % outputs]` for the rows `i` of `rows`.
    func accumulate(_ x: UnsafePointer<Double>, rows: Range<Int>, columns: Int, outputs: Int, into out: UnsafeMutablePointer<Double>) {
        nodes.withUnsafeBufferPointer { nb in
            let nodes = nb.baseAddress!
            for (t, root) in roots.enumerated() {
                let o = t % outputs, depth = depths[t]
                var i = rows.lowerBound
                while i + 4 <= rows.upperBound {
                    let r0 = x + i * columns, r1 = r0 + columns, r2 = r1 + columns, r3 = r2 + columns
                    var n0 = root, n1 = root, n2 = root, n3 = root
                    for _ in 0..<depth {
                        n0 = Self.step(nodes, n0, r0)
                        n1 = Self.step(nodes, n1, r1)
                        n2 = Self.step(nodes, n2, r2)
                        n3 = Self.step(nodes, n3, r3)
                    }
                    out[i * outputs + o] += nodes[n0].threshold
                    out[(i + 1) * outputs + o] += nodes[n1].threshold
                    out[(i + 2) * outputs + o] += nodes[n2].threshold
                    out[(i + 3) * outputs + o] += nodes[n3].threshold
                    i += 4
                }
                while i < rows.upperBound {
                    var n = root
                    for _ in 0..<depth { n = Self.step(nodes, n, x + i * columns) }
                    out[i * outputs + o] += nodes[n].threshold
                    i += 1
                }
            }
        }
    }
}

enum GradientBoosting {
    /// Boosts `loss` on the row-major `x` (NaN allowed) and targets `y` (class codes for the classification losses).
    /// The early-stopping validation part is stratified by `y` when `stratify`.
    static func fit(_ x: [Double], rows: Int, columns: Int, y: [Double], loss: BoostingLoss, settings: BoostingSettings,
                    stratify: Bool) throws(ClassicMLError) -> BoostedEnsemble {
        try settings.validate()
        let stopsEarly = settings.earlyStopping == .on || (settings.earlyStopping == .auto && rows > 10_000)
        var train = Array(0..<rows), validation: [Int] = []
        if stopsEarly, let fraction = settings.validationFraction {
            do {
                let parts = try trainTestSplitIndices(count: rows, testFraction: fraction, stratifyBy: stratify ? y : nil, seed: settings.seed)
                (train, validation) = (parts.train.sorted(), parts.test.sorted())
            } catch {
                throw .invalidTargets("early stopping's validation split (validationFraction \(fraction)): \(error)")
            }
        }
        let xTrain = train.count == rows ? x : gatherRows(x, train, columns: columns)
        let yTrain = train.map { y[$0] }, yValidation = validation.map { y[$0] }
        let binner = FeatureBinner(xTrain, rows: train.count, columns: columns, maxBins: settings.maxBins, seed: settings.seed)
        let data = BinnedTrainingData(codes: binner.codes(xTrain, rows: train.count, columns: columns), rows: train.count,
                                      columns: columns, binner: binner)
        let validationCodes = binner.codes(gatherRows(x, validation, columns: columns), rows: validation.count, columns: columns)

        let n = train.count, nv = validation.count, k = loss.trees
        let baseline = loss.baseline(yTrain)
        var raw = (0..<k).flatMap { [Double](repeating: baseline[$0], count: n) }
        var rawValidation = (0..<k).flatMap { [Double](repeating: baseline[$0], count: nv) }
        var ensemble = BoostedEnsemble(baseline: baseline, trees: [], outputs: k)
        func score() -> Bool {
            guard stopsEarly else { return false }
            ensemble.trainScores.append(-loss.mean(yTrain, raw: raw))
            if nv > 0 { ensemble.validationScores.append(-loss.mean(yValidation, raw: rawValidation)) }
            return shouldStop(nv > 0 ? ensemble.validationScores : ensemble.trainScores, settings: settings)
        }
        _ = score()

        // Several outputs (multiclass): the class trees of an iteration are independent, so each thread grows a
        // contiguous share of them with its own grower, single-threaded; one output: one grower, threads over features.
        let threads = k > 1 ? min(k, KernelThreads.count) : 1
        let growers = (0..<threads).map { _ in HistogramTreeGrower(data: data, settings: settings.growth) }
        var gradients = [Float](repeating: 0, count: n * k)
        var hessians = [Float](repeating: loss.constantHessian.map(Float.init) ?? 0, count: n * k)
        var grown = [BoostedTree?](repeating: nil, count: k)
        for _ in 0..<settings.maxIterations {
            loss.gradients(yTrain, raw: raw, gradients: &gradients, hessians: &hessians)
            gradients.withUnsafeBufferPointer { g in
                hessians.withUnsafeBufferPointer { h in
                    raw.withUnsafeMutableBufferPointer { rb in
                        rawValidation.withUnsafeMutableBufferPointer { vb in
                            grown.withUnsafeMutableBufferPointer { tb in
                                let gp = SendablePointer(g.baseAddress!), hp = SendablePointer(h.baseAddress!)
                                let rp = SendablePointer(rb.baseAddress!), vp = SendablePointer(vb.baseAddress ?? rb.baseAddress!)
                                let tp = SendablePointer(tb.baseAddress!)
                                let work = { @Sendable (t: Int, grower: HistogramTreeGrower) in
                                    tp.raw[t] = Self.growTree(
                                        grower, output: t, gradients: gp.raw + t * n,
                                        hessians: loss.constantHessian == nil ? hp.raw + t * n : nil, loss: loss, settings: settings,
                                        yTrain: yTrain, raw: rp.raw + t * n, validationCodes: validationCodes, rawValidation: vp.raw + t * nv,
                                        validationRows: nv, missingBin: binner.missingBin)
                                }
                                if threads == 1 {
                                    for t in 0..<k { work(t, growers[0]) }
                                } else {
                                    parallelChunks(threads) { chunks in
                                        KernelThreads.with(1) {
                                            for c in chunks { for t in (k * c / threads)..<(k * (c + 1) / threads) { work(t, growers[c]) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            ensemble.trees += grown.map { $0! }
            if score() { break }
        }
        return ensemble
    }

    /// Grows the tree of output `t` on its gradients, adds its leaf values to the output's training raw
    /// predictions `raw` (`n` rows) and validation raw predictions `rawValidation`, and returns it.
    private static func growTree(
        _ grower: HistogramTreeGrower, output t: Int, gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>?,
        loss: BoostingLoss, settings: BoostingSettings, yTrain: [Double], raw: UnsafeMutablePointer<Double>,
        validationCodes: [UInt8], rawValidation: UnsafeMutablePointer<Double>, validationRows nv: Int, missingBin: Int
    ) -> BoostedTree {
        var (tree, leaves) = grower.grow(gradients: gradients, hessians: hessians, constantHessian: loss.constantHessian)
        if let q = loss.leafQuantile {
            // Non-smooth losses: each leaf moves to the q-quantile of its rows' residuals.
            for leaf in leaves {
                let residuals = leaf.rows.map { p -> Double in
                    let i = Int(grower.rowOrder[p])
                    return yTrain[i] - raw[i]
                }
                let step = q == 0.5 && loss == .absoluteError ? Quantiles.median(residuals) : Quantiles.linear(residuals.sorted(), q)
                tree.value[leaf.node] = settings.learningRate * step
            }
        }
        for leaf in leaves {
            let v = tree.value[leaf.node]
            for p in leaf.rows { raw[Int(grower.rowOrder[p])] += v }
        }
        if nv > 0 {
            validationCodes.withUnsafeBufferPointer { c in
                for i in 0..<nv { rawValidation[i] += tree.predict(codes: c.baseAddress!, row: i, rows: nv, missingBin: missingBin) }
            }
        }
        return tree
    }

    /// scikit-learn's rule: stop when none of the last `iterationsWithoutChange` scores beats the one before them
    /// by more than the tolerance.
    static func shouldStop(_ scores: [Double], settings: BoostingSettings) -> Bool {
        let reference = settings.iterationsWithoutChange + 1
        guard scores.count >= reference else { return false }
        let base = scores[scores.count - reference] + settings.tolerance
        return !scores.suffix(reference - 1).contains { $0 > base }
    }

    static func gatherRows(_ x: [Double], _ indices: [Int], columns: Int) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(indices.count * columns)
        for i in indices { out += x[(i * columns)..<((i + 1) * columns)] }
        return out
    }
}
