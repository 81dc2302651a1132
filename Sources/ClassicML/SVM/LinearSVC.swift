// Linear support vector classification (scikit-learn's LinearSVC, i.e. liblinear's L2-regularised SVC).
import Kernels
import Tensors

/// A linear support vector classifier (`sklearn.svm.LinearSVC`): minimises `½‖w̃‖² + C Σᵢ ξ(yᵢ w̃ᵀx̃ᵢ)` with the
/// squared hinge (default) or the hinge loss ξ, by dual coordinate descent with shrinking (liblinear's solver).
/// The intercept is liblinear's bias feature: every row gets an extra constant ``interceptScaling`` whose weight is
/// penalised like the others, so the intercept is `interceptScaling · w̃_bias`. More than two classes are fitted
/// one-vs-rest (one problem per class, fitted on all cores); two classes give one problem whose positive class is
/// `classes[1]`.
///
/// The fitted model is not a ``Classifier``: the hinge losses estimate no probabilities, and squashing the
/// decision values (say through a softmax) would give numbers that look like probabilities without being
/// calibrated. Use ``FittedLinearSVC/decisionFunction(_:)`` for scores, or ``SVC`` with `probability: true`.
///
/// ```swift
/// let svm = try LinearSVC(c: 1).fit(xTrain, yTrain)
/// let labels = try svm.predict(xTest)
/// ```
public struct LinearSVC: Estimator, Codable, Equatable {
    /// The loss on the margin m = y·f(x).
    public enum Loss: String, Codable, Sendable {
        /// `max(0, 1 − m)²` (scikit-learn's default `"squared_hinge"`).
        case squaredHinge
        /// `max(0, 1 − m)`.
        case hinge
    }

    /// The inverse penalty strength C > 0.
    public var c: Double
    public var loss: Loss
    /// Stop when the projected gradient's spread is at most this (liblinear's `eps`; scikit-learn's `tol`).
    public var tolerance: Double
    /// The largest number of passes over the data per problem.
    public var maxIterations: Int
    /// Whether to add the bias feature.
    public var fitIntercept: Bool
    /// The bias feature's value (larger: the intercept is penalised less).
    public var interceptScaling: Double
    /// Per-class multipliers of C (one-vs-rest: the class's own rows get C·w, the rest C).
    public var classWeighting: ClassWeighting
    /// The seed of the coordinate order.
    public var seed: UInt64

    public init(c: Double = 1, loss: Loss = .squaredHinge, tolerance: Double = 1e-4, maxIterations: Int = 1000, fitIntercept: Bool = true,
                interceptScaling: Double = 1, classWeighting: ClassWeighting = .uniform, seed: UInt64 = 0) {
        self.c = c
        self.loss = loss
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.fitIntercept = fitIntercept
        self.interceptScaling = interceptScaling
        self.classWeighting = classWeighting
        self.seed = seed
    }

    /// Fits on `x` `[samples, features]` and labels `y` `[samples]`.
    /// - Throws: ``ClassicMLError/singleClass(label:)``, ``ClassicMLError/invalidHyperparameter(name:value:expected:)``
    ///   and the usual input errors.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedLinearSVC {
        guard c > 0 && c.isFinite else { throw .invalidHyperparameter(name: "c", value: "\(c)", expected: "a finite value > 0") }
        guard tolerance > 0 && tolerance.isFinite else {
            throw .invalidHyperparameter(name: "tolerance", value: "\(tolerance)", expected: "a finite value > 0")
        }
        guard maxIterations >= 1 else { throw .invalidHyperparameter(name: "maxIterations", value: "\(maxIterations)", expected: "≥ 1") }
        guard interceptScaling > 0 && interceptScaling.isFinite else {
            throw .invalidHyperparameter(name: "interceptScaling", value: "\(interceptScaling)", expected: "a finite value > 0")
        }
        let (values, rows, columns) = try Validation.matrix(x)
        let targets = try Validation.targets(y, rows: rows)
        let (classes, codes) = try Validation.classes(targets)
        let weights = try classWeighting.weights(classes: classes, codes: codes)
        let width = columns + (fitIntercept ? 1 : 0)
        var augmented = values
        if fitIntercept {
            augmented = []
            augmented.reserveCapacity(rows * width)
            for i in 0..<rows {
                augmented.append(contentsOf: values[(i * columns)..<((i + 1) * columns)])
                augmented.append(interceptScaling)
            }
        }
        // Binary: one problem, positive class classes[1]. Otherwise one-vs-rest, one problem per class.
        let problems = classes.count == 2 ? [1] : Array(0..<classes.count)
        var master = RandomGenerator(seed: seed)
        let seeds = problems.map { _ in master.nextUInt64() }
        let settings = self, data = augmented
        var results = [DualCoordinateDescent.Result?](repeating: nil, count: problems.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer.baseAddress!)
            parallelChunks(problems.count) { range in
                for p in range {
                    let k = problems[p]
                    let positive = codes.map { $0 == k }
                    let bounds = codes.map { code -> Double in
                        classes.count == 2 ? settings.c * weights[code] : settings.c * (code == k ? weights[k] : 1)
                    }
                    var rng = RandomGenerator(seed: seeds[p])
                    out.raw[p] = DualCoordinateDescent.solve(
                        x: data, rows: rows, columns: width, positive: positive, c: bounds, squaredHinge: settings.loss == .squaredHinge,
                        tolerance: settings.tolerance, maxIterations: settings.maxIterations, rng: &rng)
                }
            }
        }
        let solved = results.map { $0! }
        var coefficients = [Double](), intercepts = [Double]()
        for r in solved {
            coefficients += r.weights[0..<columns]
            intercepts.append(fitIntercept ? r.weights[columns] * interceptScaling : 0)
        }
        return FittedLinearSVC(configuration: self, classes: classes, coefficients: coefficients, intercepts: intercepts,
                               featureCount: columns, iterations: solved.map(\.iterations).max()!,
                               converged: solved.allSatisfy(\.converged))
    }
}

/// A fitted ``LinearSVC``: one weight vector and intercept per problem (one for two classes).
public struct FittedLinearSVC: FittedEstimator {
    /// The configuration it was fitted with.
    public let configuration: LinearSVC
    /// Class labels in code order.
    public let classes: [Double]
    /// `[problems × features]` row-major (scikit-learn's `coef_`; one row for two classes).
    public let coefficients: [Double]
    /// One per problem (scikit-learn's `intercept_`).
    public let intercepts: [Double]
    public let featureCount: Int
    /// The most passes any problem took (scikit-learn's `n_iter_`).
    public let iterations: Int
    /// Whether every problem met the tolerance within ``LinearSVC/maxIterations``.
    public let converged: Bool

    /// Decision values `w·x + b`: `[samples]` for two classes (positive means `classes[1]`), else
    /// `[samples, classes]`.
    public func decisionFunction(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        let outputs = intercepts.count
        var out = [Double](repeating: 0, count: rows * outputs)
        for i in 0..<rows {
            for k in 0..<outputs {
                var s = intercepts[k]
                for j in 0..<featureCount { s += coefficients[k * featureCount + j] * values[i * featureCount + j] }
                out[i * outputs + k] = s
            }
        }
        return outputs == 1 ? Tensor(out, shape: [rows]) : Tensor(out, shape: [rows, outputs])
    }

    /// The class of largest decision value (two classes: `classes[1]` when it is positive).
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let d = try decisionFunction(x)
        if intercepts.count == 1 { return Tensor(d.doubles.map { $0 > 0 ? classes[1] : classes[0] }, shape: [d.shape[0]]) }
        return ClassScores.labels(d.doubles, rows: d.shape[0], classes: classes)
    }

    /// Accuracy on `x`, `y`.
    public func score(_ x: Tensor, _ y: Tensor) throws(ClassicMLError) -> Double {
        let p = try predict(x).doubles
        let t = try Validation.targets(y, rows: p.count)
        return Double(zip(p, t).filter { $0 == $1 }.count) / Double(p.count)
    }

    struct Saved: Codable { var configuration: LinearSVC, classes: [Double], featureCount: Int, iterations: Int, converged: Bool }
    static let kind = "LinearSVC"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(configuration: configuration, classes: classes, featureCount: featureCount,
                                                               iterations: iterations, converged: converged),
                         tensors: ["coefficients": Tensor(coefficients, shape: [intercepts.count, featureCount]), "intercepts": Tensor(intercepts)])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        guard s.classes.count >= 2, s.featureCount >= 1 else { throw .invalidArchive("LinearSVC: \(s.classes.count) classes, \(s.featureCount) features") }
        let outputs = s.classes.count == 2 ? 1 : s.classes.count
        self.init(configuration: s.configuration, classes: s.classes,
                  coefficients: try archive.tensor("coefficients", shape: [outputs, s.featureCount]).doubles,
                  intercepts: try archive.tensor("intercepts", shape: [outputs]).doubles,
                  featureCount: s.featureCount, iterations: s.iterations, converged: s.converged)
    }

    init(configuration: LinearSVC, classes: [Double], coefficients: [Double], intercepts: [Double], featureCount: Int, iterations: Int, converged: Bool) {
        self.configuration = configuration
        self.classes = classes
        self.coefficients = coefficients
        self.intercepts = intercepts
        self.featureCount = featureCount
        self.iterations = iterations
        self.converged = converged
    }
}
