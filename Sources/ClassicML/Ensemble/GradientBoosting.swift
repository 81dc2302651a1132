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

    /// Raw predictions `[rows, outputs]` (row-major) of the row-major `x`, rows spread over threads.
    func raw(_ x: [Double], rows: Int, columns: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows * outputs)
        let k = outputs
        x.withUnsafeBufferPointer { xb in
            out.withUnsafeMutableBufferPointer { ob in
                let xp = SendablePointer(xb.baseAddress!), op = SendablePointer(ob.baseAddress!)
                let trees = self.trees, baseline = self.baseline
                parallelChunks(rows, minimumPerThread: max(1, 50_000 / max(1, trees.count))) { r in
                    for i in r {
                        for t in 0..<k { op.raw[i * k + t] = baseline[t] }
                        for (j, tree) in trees.enumerated() { op.raw[i * k + j % k] += tree.predict(xp.raw, row: i, columns: columns) }
                    }
                }
            }
        }
        return out
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

        let grower = HistogramTreeGrower(data: data, settings: settings.growth)
        var gradients = [Float](repeating: 0, count: n * k)
        var hessians = [Float](repeating: loss.constantHessian.map(Float.init) ?? 0, count: n * k)
        for _ in 0..<settings.maxIterations {
            loss.gradients(yTrain, raw: raw, gradients: &gradients, hessians: &hessians)
            for t in 0..<k {
                var (tree, leaves) = gradients.withUnsafeBufferPointer { g in
                    hessians.withUnsafeBufferPointer { h in
                        grower.grow(gradients: g.baseAddress! + t * n, hessians: loss.constantHessian == nil ? h.baseAddress! + t * n : nil,
                                    constantHessian: loss.constantHessian)
                    }
                }
                if let q = loss.leafQuantile {
                    // Non-smooth losses: each leaf moves to the q-quantile of its rows' residuals.
                    for leaf in leaves {
                        let residuals = leaf.rows.map { p -> Double in
                            let i = Int(grower.rowOrder[p])
                            return yTrain[i] - raw[t * n + i]
                        }
                        let step = q == 0.5 && loss == .absoluteError ? Quantiles.median(residuals) : Quantiles.linear(residuals.sorted(), q)
                        tree.value[leaf.node] = settings.learningRate * step
                    }
                }
                for leaf in leaves {
                    let v = tree.value[leaf.node]
                    for p in leaf.rows { raw[t * n + Int(grower.rowOrder[p])] += v }
                }
                if nv > 0 {
                    validationCodes.withUnsafeBufferPointer { c in
                        for i in 0..<nv {
                            rawValidation[t * nv + i] += tree.predict(codes: c.baseAddress!, row: i, rows: nv, missingBin: binner.missingBin)
                        }
                    }
                }
                ensemble.trees.append(tree)
            }
            if score() { break }
        }
        return ensemble
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
