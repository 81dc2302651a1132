// Kernel support vector classification (scikit-learn's SVC, i.e. libsvm's C-SVC).
import Kernels
import Tensors

/// A kernel support vector classifier (`sklearn.svm.SVC`): for every pair of classes, the C-SVM dual
///
///     min_α ½ αᵀQα − Σαᵢ   s.t.  yᵀα = 0,  0 ≤ αᵢ ≤ C·w(yᵢ),   Qᵢⱼ = yᵢyⱼK(xᵢ, xⱼ)
///
/// is solved by SMO with second-order working-set selection, shrinking and a kernel-row cache (libsvm's solver,
/// stopping when the maximal violation is below ``tolerance``); a sample is labelled by one-vs-one voting.
///
/// Kernel values come from the matrix-multiply kernel: when the Gram matrix of all training rows fits in
/// ``cacheMegabytes`` it is computed once and shared by every pair; otherwise each pair computes its kernel rows
/// (all at once when they fit, else on demand with least-recently-used eviction). The pairs are fitted on all
/// cores; each is deterministic, so the model does not depend on the thread count.
///
/// With ``probability`` on, each pair also gets a Platt sigmoid fitted on 5-fold cross-validated decision values
/// (the folds drawn from ``seed``), and ``FittedSVC/predictProbabilities(_:)`` couples the pairwise probabilities
/// (Wu, Lin and Weng), as libsvm does. Those probabilities need not agree with ``FittedSVC/predict(_:)``, which
/// votes on decision values, exactly as in scikit-learn.
///
/// ```swift
/// let svm = try SVC(c: 1, kernel: .rbf(gamma: .scale)).fit(xTrain, yTrain)
/// let labels = try svm.predict(xTest)
/// let scores = try svm.decisionFunction(xTest)   // [samples, classes] one-vs-rest shape
/// ```
public struct SVC: Estimator, Codable, Equatable {
    /// The penalty C > 0 on margin violations (larger: fewer violations, narrower margin).
    public var c: Double
    /// The kernel (RBF with γ = `.scale` by default).
    public var kernel: SVMKernel
    /// The stopping tolerance on the maximal KKT violation (libsvm's `eps`).
    public var tolerance: Double
    /// Whether the solver sets aside variables that stay at a bound (faster; same solution).
    public var shrinking: Bool
    /// The memory for cached kernel values, in megabytes (scikit-learn's `cache_size`).
    public var cacheMegabytes: Double
    /// Per-class multipliers of C.
    public var classWeighting: ClassWeighting
    /// Whether to fit Platt sigmoids so that ``FittedSVC/predictProbabilities(_:)`` works (5 more fits per pair).
    public var probability: Bool
    /// The seed of the cross-validation folds of Platt scaling.
    public var seed: UInt64

    public init(c: Double = 1, kernel: SVMKernel = .rbf(), tolerance: Double = 1e-3, shrinking: Bool = true, cacheMegabytes: Double = 200,
                classWeighting: ClassWeighting = .uniform, probability: Bool = false, seed: UInt64 = 0) {
        self.c = c
        self.kernel = kernel
        self.tolerance = tolerance
        self.shrinking = shrinking
        self.cacheMegabytes = cacheMegabytes
        self.classWeighting = classWeighting
        self.probability = probability
        self.seed = seed
    }

    /// Fits on `x` `[samples, features]` and labels `y` `[samples]`.
    /// - Throws: ``ClassicMLError/singleClass(label:)``, ``ClassicMLError/invalidHyperparameter(name:value:expected:)``
    ///   and the usual input errors.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedSVC {
        try validateSettings()
        let (values, rows, columns) = try Validation.matrix(x)
        let targets = try Validation.targets(y, rows: rows)
        let (classes, codes) = try Validation.classes(targets)
        let weights = try classWeighting.weights(classes: classes, codes: codes)
        let function = kernel.resolved(values, columns: columns)
        let source = KernelSource(kernel: function, rows: KernelFunction.Rows(values, rows: rows, columns: columns),
                                  budgetBytes: Int(cacheMegabytes * 1_048_576))
        defer { source.release() }

        var grouped = [[Int]](repeating: [], count: classes.count)
        for (i, code) in codes.enumerated() { grouped[code].append(i) }
        let members = grouped
        let pairs = OneVsOne.pairs(classes.count)
        var master = RandomGenerator(seed: seed)
        let seeds = pairs.map { _ in master.nextUInt64() }
        let settings = SMOSettings(tolerance: tolerance, shrinking: shrinking)
        let (c, probability) = (self.c, self.probability)

        // One fit per pair of classes, spread over the cores (a single pair uses them inside the kernel instead).
        let solutions = OneVsOne.map(pairs.count) { p, multithreaded in
            let (s, t) = pairs[p]
            let pairMembers = members[s] + members[t]
            let positive = pairMembers.indices.map { $0 < members[s].count }
            let (cp, cn) = (c * weights[s], c * weights[t])
            let solution = BinarySVMTraining.fit(source, members: pairMembers, positive: positive, cPositive: cp, cNegative: cn,
                                                 settings: settings, multithreaded: multithreaded)
            var sigmoid: (a: Double, b: Double)?
            if probability {
                var rng = RandomGenerator(seed: seeds[p])
                let decisions = BinarySVMTraining.crossValidatedDecisions(
                    source, members: pairMembers, positive: positive, cPositive: cp, cNegative: cn, settings: settings, rng: &rng,
                    multithreaded: multithreaded)
                sigmoid = PlattScaling.fit(decisions: decisions, positive: positive)
            }
            return OneVsOne.PairFit(solution: solution, sigmoid: sigmoid)
        }
        let model = OneVsOne.assemble(solutions, pairs: pairs, members: members)
        return FittedSVC(configuration: self, classes: classes, kernel: function,
                         supportVectors: gather(values, columns: columns, model.supportIndices),
                         model: model, featureCount: columns)
    }

    private func gather(_ x: [Double], columns: Int, _ indices: [Int]) -> [Double] {
        indices.flatMap { x[($0 * columns)..<(($0 + 1) * columns)] }
    }

    func validateSettings() throws(ClassicMLError) {
        guard c > 0 && c.isFinite else { throw .invalidHyperparameter(name: "c", value: "\(c)", expected: "a finite value > 0") }
        guard tolerance > 0 && tolerance.isFinite else {
            throw .invalidHyperparameter(name: "tolerance", value: "\(tolerance)", expected: "a finite value > 0")
        }
        guard cacheMegabytes > 0 && cacheMegabytes.isFinite else {
            throw .invalidHyperparameter(name: "cacheMegabytes", value: "\(cacheMegabytes)", expected: "a finite value > 0")
        }
        try kernel.validate()
    }
}
