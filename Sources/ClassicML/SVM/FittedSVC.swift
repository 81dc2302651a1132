// A fitted SVC: support vectors, dual coefficients and intercepts in scikit-learn's layout; decisions, votes
// and coupled Platt probabilities.
import Kernels
import Tensors

/// A fitted ``SVC``.
public struct FittedSVC: Classifier {
    /// The configuration it was fitted with.
    public let configuration: SVC
    public let classes: [Double]
    public let featureCount: Int
    /// The kernel's γ after `.scale` / `.auto` were resolved on the training data (0 for the linear kernel).
    public var gamma: Double { kernel.gamma }
    /// Whether every pair's solver met the tolerance (false: the iteration limit stopped one).
    public var converged: Bool { model.converged }

    let kernel: KernelFunction
    let supportRows: KernelFunction.Rows
    let supportValues: [Double]
    let model: OneVsOne.Model
    let pairWeights: [Float]

    init(configuration: SVC, classes: [Double], kernel: KernelFunction, supportVectors: [Double], model: OneVsOne.Model, featureCount: Int) {
        self.configuration = configuration
        self.classes = classes
        self.kernel = kernel
        self.supportValues = supportVectors
        self.supportRows = KernelFunction.Rows(supportVectors, rows: model.supportIndices.count, columns: featureCount)
        self.model = model
        self.featureCount = featureCount
        self.pairWeights = OneVsOne.pairWeights(model, classes: classes.count)
    }

    /// The training rows that are support vectors (scikit-learn's `support_`), grouped by class.
    public var supportIndices: [Int] { model.supportIndices }
    /// The support vectors `[supports, features]` (Float64), in ``supportIndices`` order.
    public var supportVectors: Tensor { Tensor(supportValues, shape: [model.supportIndices.count, featureCount]) }
    /// Support vectors per class (scikit-learn's `n_support_`).
    public var supportCounts: [Int] { model.supportCounts }
    /// `[classes − 1, supports]` (scikit-learn's `dual_coef_`): yα of each support vector in the pairs it takes
    /// part in. For two classes the sign is flipped, as scikit-learn does, so positive decisions mean `classes[1]`.
    public var dualCoefficients: Tensor {
        let sign: Double = classes.count == 2 ? -1 : 1
        return Tensor(model.coefficients.map { $0 * sign }, shape: [classes.count - 1, model.supportIndices.count])
    }
    /// One intercept per pair of classes (scikit-learn's `intercept_`, i.e. −ρ; +ρ for two classes).
    public var intercepts: [Double] { classes.count == 2 ? model.rho : model.rho.map { -$0 } }

    /// Pairwise decision values `[samples, pairs]` for the pairs (0,1), (0,2), …, (1,2), …: positive favours the
    /// first class of the pair (scikit-learn's `decision_function_shape="ovo"`).
    public func pairwiseDecisionFunction(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        return Tensor(pairDecisions(values, rows: rows), shape: [rows, OneVsOne.pairs(classes.count).count])
    }

    /// Decision values: `[samples]` for two classes (positive means `classes[1]`), else `[samples, classes]` in
    /// scikit-learn's one-vs-rest shape (each class's one-vs-one votes plus its confidence squashed into ±1/3).
    public func decisionFunction(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        let d = pairDecisions(values, rows: rows)
        if classes.count == 2 { return Tensor(d.map { -$0 }, shape: [rows]) }
        return Tensor(OneVsOne.ovrShape(d, rows: rows, classes: classes.count), shape: [rows, classes.count])
    }

    /// The class with the most one-vs-one votes (the lowest class on ties), as libsvm predicts.
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        let winners = OneVsOne.vote(pairDecisions(values, rows: rows), rows: rows, classes: classes.count)
        return Tensor(winners.map { classes[$0] }, shape: [rows])
    }

    /// Class probabilities `[samples, classes]` from the pairs' Platt sigmoids, coupled (libsvm's method).
    /// - Throws: ``ClassicMLError/probabilitiesNotFitted(model:)`` unless fitted with `probability: true`.
    public func predictProbabilities(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        guard !model.probabilityA.isEmpty else { throw .probabilitiesNotFitted(model: "SVC") }
        let (values, rows) = try Validation.features(x, expected: featureCount)
        let d = pairDecisions(values, rows: rows)
        let k = classes.count, pairs = OneVsOne.pairs(k), minimum = 1e-7
        var out = [Double](repeating: 0, count: rows * k)
        for r in 0..<rows {
            var pairwise = [Double](repeating: 0, count: k * k)
            for (p, (s, t)) in pairs.enumerated() {
                let q = PlattScaling.probability(d[r * pairs.count + p], a: model.probabilityA[p], b: model.probabilityB[p])
                pairwise[s * k + t] = min(max(q, minimum), 1 - minimum)
                pairwise[t * k + s] = 1 - pairwise[s * k + t]
            }
            let probabilities = k == 2 ? [pairwise[1], pairwise[k]] : PlattScaling.couple(pairwise, classes: k)
            for c in 0..<k { out[r * k + c] = probabilities[c] }
        }
        return Tensor(out, shape: [rows, k])
    }

    /// `[rows, pairs]` libsvm decision values: `K(x, SV) · W − ρ`, a block of rows at a time.
    func pairDecisions(_ x: [Double], rows: Int) -> [Double] {
        let m = OneVsOne.pairs(classes.count).count, n = supportRows.count
        var out = [Double](repeating: 0, count: rows * m)
        guard n > 0 else {
            for r in 0..<rows { for p in 0..<m { out[r * m + p] = -model.rho[p] } }
            return out
        }
        let query = KernelFunction.Rows(x, rows: rows, columns: featureCount)
        let blockRows = max(1, min(rows, (1 << 22) / n))
        let kernelBlock = UnsafeMutablePointer<Float>.allocate(capacity: blockRows * n)
        let pairBlock = UnsafeMutablePointer<Float>.allocate(capacity: blockRows * m)
        defer { kernelBlock.deallocate(); pairBlock.deallocate() }
        for start in stride(from: 0, to: rows, by: blockRows) {
            let count = min(blockRows, rows - start)
            kernel.block(query, aStart: start, aCount: count, supportRows, into: kernelBlock, multithreaded: true)
            pairWeights.withUnsafeBufferPointer { w in
                MatrixMultiply.sgemm(m: count, n: m, k: n, a: kernelBlock, lda: n, b: w.baseAddress!, ldb: m, c: pairBlock, ldc: m)
            }
            for r in 0..<count { for p in 0..<m { out[(start + r) * m + p] = Double(pairBlock[r * m + p]) - model.rho[p] } }
        }
        return out
    }

    struct Saved: Codable {
        var configuration: SVC, classes: [Double], featureCount: Int, kernel: KernelFunction, model: OneVsOne.Model
    }
    static let kind = "SVC"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(configuration: configuration, classes: classes, featureCount: featureCount,
                                                               kernel: kernel, model: model),
                         tensors: ["support_vectors": supportVectors])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        let k = s.classes.count, n = s.model.supportIndices.count
        guard k >= 2, s.featureCount >= 1, s.model.supportCounts.count == k, s.model.supportCounts.reduce(0, +) == n,
              s.model.coefficients.count == (k - 1) * n, s.model.rho.count == k * (k - 1) / 2,
              s.model.probabilityA.count == s.model.probabilityB.count,
              s.model.probabilityA.isEmpty || s.model.probabilityA.count == s.model.rho.count
        else { throw .invalidArchive("SVC: inconsistent support-vector counts, coefficients or intercepts") }
        let vectors = try archive.tensor("support_vectors", shape: [n, s.featureCount])
        self.init(configuration: s.configuration, classes: s.classes, kernel: s.kernel, supportVectors: vectors.doubles,
                  model: s.model, featureCount: s.featureCount)
    }
}
