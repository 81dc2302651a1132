// Logistic regression with an L2 (L-BFGS), L1 or elastic-net (proximal gradient) penalty: binary and multinomial (sklearn LogisticRegression).
import Foundation
import Kernels
import Tensors

/// Penalised logistic regression, scikit-learn's `LogisticRegression` (`solver="lbfgs"` for L2, `"saga"` for
/// L1 and elastic net).
///
/// Minimises `C · Σᵢ loss(xᵢ, yᵢ) + ½‖W‖²` (``Penalty/l2``), `C · Σᵢ loss(xᵢ, yᵢ) + ‖W‖₁` (``Penalty/l1``) or
/// `C · Σᵢ loss(xᵢ, yᵢ) + ρ‖W‖₁ + (1 − ρ)/2·‖W‖²` (``Penalty/elasticNet(l1Ratio:)``; the intercepts are never
/// penalised), where the loss is the logistic
/// loss for two classes (one weight vector, the positive class is `classes[1]`) and the softmax cross-entropy
/// for more (one weight vector per class, as scikit-learn's multinomial model). The objective is divided by the
/// number of samples before it reaches ``LBFGS`` (same minimiser), which stops as scipy's L-BFGS-B does for
/// scikit-learn: largest gradient component ≤ `tolerance`, or relative decrease ≤ 64 ε. The L1 and elastic-net
/// problems are not smooth: it is solved by accelerated proximal gradient (FISTA with restarts), which stops when the largest
/// component of the gradient mapping is ≤ `tolerance`; its iterations are cheaper and more are needed.
///
/// ```swift
/// let model = try LogisticRegression(c: 1).fit(x, y)
/// let labels = try model.predict(xTest)
/// let probabilities = try model.predictProbabilities(xTest)   // [samples, classes]
/// ```
public struct LogisticRegression: Estimator, Codable, Equatable {
    /// The penalty on the weights.
    public enum Penalty: Codable, Equatable, Sendable {
        /// `½‖W‖²`: dense weights (scikit-learn's default).
        case l2
        /// `‖W‖₁`: sparse weights (feature selection).
        case l1
        /// `ρ‖W‖₁ + (1 − ρ)/2·‖W‖²` with `ρ = l1Ratio` in `[0, 1]` (scikit-learn's `l1_ratio`).
        case elasticNet(l1Ratio: Double)

        /// The L1 share ρ of the penalty.
        var l1Share: Double {
            switch self {
            case .l2: 0
            case .l1: 1
            case let .elasticNet(l1Ratio): l1Ratio
            }
        }
    }

    /// The inverse penalty strength C > 0 (larger: weaker penalty).
    public var c: Double
    /// The penalty on the weights.
    public var penalty: Penalty
    /// Fit intercepts (not penalised).
    public var fitIntercept: Bool
    /// The largest number of L-BFGS (L2) or proximal-gradient (L1, elastic net) iterations.
    public var maxIterations: Int
    /// Stop when every component of the (per-sample) gradient, or gradient mapping with an L1 part, is at most this.
    public var tolerance: Double

    public init(c: Double = 1, penalty: Penalty = .l2, fitIntercept: Bool = true, maxIterations: Int = 100, tolerance: Double = 1e-4) {
        self.c = c
        self.penalty = penalty
        self.fitIntercept = fitIntercept
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// Fits on `x` `[samples, features]` and class labels `y` `[samples]` (any numbers; at least two distinct).
    /// - Throws: ``ClassicMLError/invalidHyperparameter(name:value:expected:)`` for `c` ≤ 0, `maxIterations` < 1,
    ///   `tolerance` ≤ 0 or an elastic-net `l1Ratio` outside `[0, 1]`; ``ClassicMLError/singleClass(label:)``; the input errors of ``Validation``.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedLogisticRegression {
        try Hyperparameter.positive("c", c)
        try Hyperparameter.positive("maxIterations", maxIterations)
        try Hyperparameter.positive("tolerance", tolerance)
        if case let .elasticNet(l1Ratio) = penalty { try Hyperparameter.unitInterval("l1Ratio", l1Ratio) }
        let l1Share = penalty.l1Share
        let data = try CentredData(x, y, centre: false)
        let (classes, codes) = try Validation.classes(data.y)
        let problem = LogisticObjective(
            x: data.design, codes: codes,
            classCount: classes.count, l2Weight: (1 - l1Share) / c, fitIntercept: fitIntercept)
        let start = [Double](repeating: 0, count: problem.parameterCount)
        let k = problem.outputs, p = data.columns
        let theta: [Double], iterations: Int, converged: Bool
        if penalty == .l2 {
            let solver = LBFGS(maxIterations: maxIterations, gradientTolerance: tolerance, functionTolerance: 64 * Double.ulpOfOne)
            let result = solver.minimize(start) { problem.evaluate($0) }
            (theta, iterations, converged) = (result.x, result.iterations, result.converged)
        } else {
            let solver = ProximalGradient(maxIterations: maxIterations, tolerance: tolerance)
            let result = solver.minimize(start, l1: l1Share / (c * Double(data.rows)), penalised: k * p) { problem.evaluate($0) }
            (theta, iterations, converged) = (result.x, result.iterations, result.converged)
        }
        let weights = Array(theta[0..<(k * p)])
        let intercepts = fitIntercept ? Array(theta[(k * p)...]) : [Double](repeating: 0, count: k)
        return FittedLogisticRegression(configuration: self, classes: classes, coefficients: weights, intercepts: intercepts,
                                        featureCount: p, iterations: iterations, converged: converged)
    }
}

/// The per-sample objective `(1/n)[Σ loss + l2Weight·‖W‖²/2]` and its gradient, over parameters
/// `[W (k × p) row-major, b (k)]`; `l2Weight` is `(1 − ρ)/C`, the smooth part of the penalty.
struct LogisticObjective {
    let x: DenseMatrix
    let codes: [Int]
    let classCount: Int
    let l2Weight: Double
    let fitIntercept: Bool

    /// Weight vectors: 1 for two classes, one per class otherwise.
    var outputs: Int { classCount == 2 ? 1 : classCount }
    var parameterCount: Int { outputs * x.columns + (fitIntercept ? outputs : 0) }

    /// Rows per block: each block's scores, softmax and gradient share stay in L2, and blocks spread over the threads.
    static let blockRows = 512

    /// The objective and its gradient. Rows go in fixed blocks over the kernel threads: per block one narrow product
    /// gives the scores `X·Wᵀ + b`, a vectorised exp the softmax (or sigmoid), and a second the block's share
    /// `Rᵀ·X` of the weight gradient (R: residuals); both read the block of X in place. Shares are added in block order, so the result does not
    /// depend on the thread count.
    func evaluate(_ theta: [Double]) -> (f: Double, gradient: [Double]) {
        let n = x.rows, p = x.columns, k = outputs, block = Self.blockRows
        let blocks = (n + block - 1) / block, share = k * p + k
        var blockLoss = [Double](repeating: 0, count: blocks), blockGradient = [Double](repeating: 0, count: blocks * share)
        let fitIntercept = self.fitIntercept
        x.elements.withUnsafeBufferPointer { xp in
            theta.withUnsafeBufferPointer { tp in
                codes.withUnsafeBufferPointer { cp in
                    blockLoss.withUnsafeMutableBufferPointer { lp in
                        blockGradient.withUnsafeMutableBufferPointer { gp in
                            let xs = SendablePointer(xp.baseAddress!), ts = SendablePointer(tp.baseAddress!), cs = SendablePointer(cp.baseAddress!)
                            let losses = SendablePointer(lp.baseAddress!), gradients = SendablePointer(gp.baseAddress!)
                            parallelChunks(blocks, minimumPerThread: max(1, 16384 / max(1, block * k))) { range in
                                // Two columns at least: the binary case keeps −|z| beside z.
                                var scores = [Double](repeating: 0, count: block * Swift.max(k, 2)), exps = scores
                                scores.withUnsafeMutableBufferPointer { sp in
                                    exps.withUnsafeMutableBufferPointer { ep in
                                        for b in range {
                                            let r0 = b * block, count = min(block, n - r0)
                                            losses.raw[b] = Self.blockLoss(
                                                x: xs.raw + r0 * p, codes: cs.raw + r0, rows: count, features: p, outputs: k, theta: ts.raw,
                                                fitIntercept: fitIntercept, scores: sp.baseAddress!, exps: ep.baseAddress!, gradient: gradients.raw + b * share)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let scale = 1 / Double(n), penalty = l2Weight / Double(n)
        var loss = 0.0, gradient = [Double](repeating: 0, count: theta.count)
        for b in 0..<blocks {
            loss += blockLoss[b]
            for e in 0..<(k * p) { gradient[e] += blockGradient[b * share + e] }
            if fitIntercept { for j in 0..<k { gradient[k * p + j] += blockGradient[b * share + k * p + j] } }
        }
        var squaredNorm = 0.0
        for e in 0..<(k * p) {
            squaredNorm += theta[e] * theta[e]
            gradient[e] = scale * gradient[e] + penalty * theta[e]
        }
        if fitIntercept { for j in 0..<k { gradient[k * p + j] *= scale } }
        return (scale * loss + 0.5 * penalty * squaredNorm, gradient)
    }

    /// The summed loss of one block of rows; writes its weight-gradient share `Rᵀ·X` (`k × p`) then its
    /// intercept share (`k` column sums of R) to `gradient`. `scores` and `exps` hold `rows × max(k, 2)` each.
    private static func blockLoss(
        x: UnsafePointer<Double>, codes: UnsafePointer<Int>, rows: Int, features p: Int, outputs k: Int, theta: UnsafePointer<Double>,
        fitIntercept: Bool, scores z: UnsafeMutablePointer<Double>, exps e: UnsafeMutablePointer<Double>, gradient: UnsafeMutablePointer<Double>
    ) -> Double {
        // Narrow products (k ≤ 16 outputs) read the block of x in place rather than packing it on every call.
        MatrixMultiply.dotsWithFew(rows: rows, columns: p, x: x, ldx: p, centres: theta, ldc: p, k: k, dots: z, ldd: k)
        if fitIntercept { for i in 0..<rows { for j in 0..<k { z[i * k + j] += theta[k * p + j] } } }
        var loss = 0.0
        if k == 1 {
            // log(1 + exp(−s z)) with s = ±1, stably through exp(−|z|); σ(z) − t is its derivative.
            for i in 0..<rows { z[rows + i] = -Swift.abs(z[i]) }
            VectorKernels.exp(z + rows, e, count: rows)
            for i in 0..<rows {
                let zi = z[i], positive = codes[i] == 1, small = e[i]
                let m = positive ? -zi : zi
                loss += m > 0 ? m + log1p(small) : log1p(small)
                let sigma = zi >= 0 ? 1 / (1 + small) : small / (1 + small)
                z[i] = sigma - (positive ? 1 : 0)
            }
        } else {
            // Softmax through the shifted scores z − max (so exp never overflows); z becomes the residual P − Y.
            for i in 0..<rows {
                let row = z + i * k
                var top = row[0]
                for j in 1..<k { top = Swift.max(top, row[j]) }
                for j in 0..<k { row[j] -= top }
            }
            VectorKernels.exp(z, e, count: rows * k)
            for i in 0..<rows {
                let row = z + i * k, er = e + i * k
                var sum = 0.0
                for j in 0..<k { sum += er[j] }
                let code = codes[i]
                loss += log(sum) - row[code]
                let inverse = 1 / sum
                for j in 0..<k { row[j] = er[j] * inverse }
                row[code] -= 1
            }
        }
        MatrixMultiply.transposedProductWithFew(k: rows, m: p, a: x, lda: p, n: k, b: z, ldb: k, c: gradient, ldc: p)
        if fitIntercept {
            for j in 0..<k {
                var s = 0.0
                for i in 0..<rows { s += z[i * k + j] }
                gradient[k * p + j] = s
            }
        }
        return loss
    }
}

/// A fitted ``LogisticRegression``.
public struct FittedLogisticRegression: Classifier {
    /// The configuration it was fitted with.
    public let configuration: LogisticRegression
    public let classes: [Double]
    /// Weights row-major `[outputs, features]`: one row for two classes (for `classes[1]`), one per class otherwise
    /// (sklearn `coef_`).
    public let coefficients: [Double]
    /// One intercept per row of ``coefficients`` (sklearn `intercept_`).
    public let intercepts: [Double]
    public let featureCount: Int
    /// Solver iterations used (sklearn `n_iter_`).
    public let iterations: Int
    /// Whether the solver met its tolerance within `maxIterations` (scikit-learn warns with a
    /// `ConvergenceWarning` when it did not); a model that did not converge still predicts.
    public let converged: Bool

    static let kind = "LogisticRegression"

    /// Rows of ``coefficients``: 1 for a binary model, `classes.count` otherwise.
    public var outputs: Int { intercepts.count }

    /// The scores `x·Wᵀ + b`: `[samples]` for two classes (positive means `classes[1]`), `[samples, classes]` otherwise.
    public func decisionFunction(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (z, rows) = try scores(x)
        return outputs == 1 ? Tensor(z.elements, shape: [rows]) : z.tensor
    }

    /// Class probabilities `[samples, classes.count]` (Float64, rows sum to 1).
    public func predictProbabilities(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (z, rows) = try scores(x)
        var out = [Double](repeating: 0, count: rows * classes.count)
        for i in 0..<rows {
            if outputs == 1 {
                let zi = z[i, 0]
                let positive = zi >= 0 ? 1 / (1 + exp(-zi)) : exp(zi) / (1 + exp(zi))
                out[2 * i] = 1 - positive
                out[2 * i + 1] = positive
            } else {
                let k = outputs
                var top = -Double.infinity
                for j in 0..<k { top = max(top, z[i, j]) }
                var sum = 0.0
                for j in 0..<k { let e = exp(z[i, j] - top); out[i * k + j] = e; sum += e }
                for j in 0..<k { out[i * k + j] /= sum }
            }
        }
        return Tensor(out, shape: [rows, classes.count])
    }

    /// Predicted labels `[samples]` (values from ``classes``; ties go to the earlier class).
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (z, rows) = try scores(x)
        var labels = [Double](repeating: 0, count: rows)
        for i in 0..<rows {
            if outputs == 1 {
                labels[i] = classes[z[i, 0] > 0 ? 1 : 0]
            } else {
                var best = 0
                for j in 1..<outputs where z[i, j] > z[i, best] { best = j }
                labels[i] = classes[best]
            }
        }
        return Tensor(labels, shape: [rows])
    }

    /// The fraction of `x`'s rows whose predicted label equals `y` (sklearn `score`).
    public func score(_ x: Tensor, _ y: Tensor) throws(ClassicMLError) -> Double {
        let predicted = try predict(x).doubles
        let truth = try Validation.targets(y, rows: predicted.count)
        return Double(zip(truth, predicted).filter { $0 == $1 }.count) / Double(truth.count)
    }

    private func scores(_ x: Tensor) throws(ClassicMLError) -> (DenseMatrix, Int) {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        var z = DenseMatrix(rows: rows, columns: featureCount, elements: values)
            .multiplied(by: DenseMatrix(rows: outputs, columns: featureCount, elements: coefficients), transposingOther: true)
        for i in 0..<rows { for j in 0..<outputs { z[i, j] += intercepts[j] } }
        return (z, rows)
    }

    private struct State: Codable {
        var configuration: LogisticRegression
        var classes: [Double]
        var featureCount: Int
        var iterations: Int
        var converged: Bool
    }

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(
            kind: Self.kind,
            configuration: State(configuration: configuration, classes: classes, featureCount: featureCount, iterations: iterations, converged: converged),
            tensors: ["coefficients": Tensor(coefficients, shape: [outputs, featureCount]), "intercepts": Tensor(intercepts, shape: [outputs])])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let state = try archive.configuration(as: State.self, kind: Self.kind)
        guard state.classes.count >= 2, state.featureCount >= 1 else {
            throw .invalidArchive("LogisticRegression needs ≥ 2 classes and ≥ 1 feature, the file has \(state.classes.count) and \(state.featureCount)")
        }
        let outputs = state.classes.count == 2 ? 1 : state.classes.count
        self.init(configuration: state.configuration, classes: state.classes,
                  coefficients: try archive.tensor("coefficients", shape: [outputs, state.featureCount]).doubles,
                  intercepts: try archive.tensor("intercepts", shape: [outputs]).doubles,
                  featureCount: state.featureCount, iterations: state.iterations, converged: state.converged)
    }

    init(configuration: LogisticRegression, classes: [Double], coefficients: [Double], intercepts: [Double], featureCount: Int, iterations: Int, converged: Bool) {
        self.configuration = configuration
        self.classes = classes
        self.coefficients = coefficients
        self.intercepts = intercepts
        self.featureCount = featureCount
        self.iterations = iterations
        self.converged = converged
    }
}
