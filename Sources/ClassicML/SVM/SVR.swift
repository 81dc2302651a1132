// Epsilon support vector regression (scikit-learn's SVR, i.e. libsvm's ε-SVR), on the SVC's solver.
import Kernels
import Tensors

/// Epsilon support vector regression (`sklearn.svm.SVR`): a function `f(x) = Σ βᵢK(xᵢ, x) + b` that ignores
/// errors below ``epsilon`` and pays C per unit beyond, from the dual
///
///     min ½(α⁺ − α⁻)ᵀK(α⁺ − α⁻) + ε Σ(α⁺ + α⁻) − Σ tᵢ(α⁺ᵢ − α⁻ᵢ)   s.t.  Σ(α⁺ − α⁻) = 0,  0 ≤ α± ≤ C,
///
/// solved as libsvm does: 2l variables through the same SMO solver, kernel source and row cache as ``SVC``.
///
/// ```swift
/// let model = try SVR(c: 100, epsilon: 1).fit(x, y)
/// let predictions = try model.predict(xTest)
/// ```
public struct SVR: Estimator, Codable, Equatable {
    /// The penalty C > 0 on errors beyond ε.
    public var c: Double
    /// The half-width ε ≥ 0 of the tube inside which errors cost nothing.
    public var epsilon: Double
    /// The kernel (RBF with γ = `.scale` by default).
    public var kernel: SVMKernel
    /// The stopping tolerance on the maximal KKT violation.
    public var tolerance: Double
    public var shrinking: Bool
    /// The memory for cached kernel values, in megabytes.
    public var cacheMegabytes: Double

    public init(c: Double = 1, epsilon: Double = 0.1, kernel: SVMKernel = .rbf(), tolerance: Double = 1e-3, shrinking: Bool = true,
                cacheMegabytes: Double = 200) {
        self.c = c
        self.epsilon = epsilon
        self.kernel = kernel
        self.tolerance = tolerance
        self.shrinking = shrinking
        self.cacheMegabytes = cacheMegabytes
    }

    /// Fits on `x` `[samples, features]` and targets `y` `[samples]`.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedSVR {
        try SVC(c: c, kernel: kernel, tolerance: tolerance, cacheMegabytes: cacheMegabytes).validateSettings()
        guard epsilon >= 0 && epsilon.isFinite else { throw .invalidHyperparameter(name: "epsilon", value: "\(epsilon)", expected: "a finite value ≥ 0") }
        let (values, rows, columns) = try Validation.matrix(x)
        let targets = try Validation.targets(y, rows: rows)
        let function = kernel.resolved(values, columns: columns)
        let source = KernelSource(kernel: function, rows: KernelFunction.Rows(values, rows: rows, columns: columns),
                                  budgetBytes: Int(cacheMegabytes * 1_048_576))
        defer { source.release() }
        let members = Array(0..<rows)
        let diagonal = members.map(source.diagonal)
        let problem = SMOProblem(
            y: [Double](repeating: 1, count: rows) + [Double](repeating: -1, count: rows),
            p: targets.map { epsilon - $0 } + targets.map { epsilon + $0 },
            upper: [Double](repeating: c, count: 2 * rows), diagonal: diagonal + diagonal,
            tolerance: tolerance, shrinking: shrinking)
        let result = SMOSolver.solve(problem, rows: source.cache(for: members, duplicate: true, multithreaded: true))
        let beta = (0..<rows).map { result.alpha[$0] - result.alpha[$0 + rows] }
        let support = members.filter { beta[$0] != 0 }
        return FittedSVR(configuration: self, kernel: function, supportIndices: support,
                         supportVectors: support.flatMap { values[($0 * columns)..<(($0 + 1) * columns)] },
                         coefficients: support.map { beta[$0] }, intercept: -result.rho, featureCount: columns, converged: result.converged)
    }
}

/// A fitted ``SVR``.
public struct FittedSVR: Regressor {
    /// The configuration it was fitted with.
    public let configuration: SVR
    /// Training rows with a non-zero coefficient (scikit-learn's `support_`).
    public let supportIndices: [Int]
    /// βᵢ = α⁺ᵢ − α⁻ᵢ of each support vector (scikit-learn's `dual_coef_`).
    public let dualCoefficients: [Double]
    /// b (scikit-learn's `intercept_`, i.e. −ρ).
    public let intercept: Double
    public let featureCount: Int
    /// Whether the solver met the tolerance.
    public let converged: Bool
    let kernel: KernelFunction
    let supportValues: [Double]
    let supportRows: KernelFunction.Rows

    init(configuration: SVR, kernel: KernelFunction, supportIndices: [Int], supportVectors: [Double], coefficients: [Double],
         intercept: Double, featureCount: Int, converged: Bool) {
        self.configuration = configuration
        self.kernel = kernel
        self.supportIndices = supportIndices
        self.supportValues = supportVectors
        self.supportRows = KernelFunction.Rows(supportVectors, rows: supportIndices.count, columns: featureCount)
        self.dualCoefficients = coefficients
        self.intercept = intercept
        self.featureCount = featureCount
        self.converged = converged
    }

    /// The support vectors `[supports, features]` (Float64).
    public var supportVectors: Tensor { Tensor(supportValues, shape: [supportIndices.count, featureCount]) }

    /// `Σ βᵢK(xᵢ, x) + b` for each row `[samples]`.
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        let n = supportRows.count
        var out = [Double](repeating: intercept, count: rows)
        guard n > 0 else { return Tensor(out, shape: [rows]) }
        let query = KernelFunction.Rows(values, rows: rows, columns: featureCount)
        let blockRows = max(1, min(rows, (1 << 22) / n))
        let block = UnsafeMutablePointer<Float>.allocate(capacity: blockRows * n)
        defer { block.deallocate() }
        for start in stride(from: 0, to: rows, by: blockRows) {
            let count = min(blockRows, rows - start)
            kernel.block(query, aStart: start, aCount: count, supportRows, into: block, multithreaded: true)
            for r in 0..<count {
                var s = 0.0
                for k in 0..<n { s += dualCoefficients[k] * Double(block[r * n + k]) }
                out[start + r] += s
            }
        }
        return Tensor(out, shape: [rows])
    }

    struct Saved: Codable {
        var configuration: SVR, kernel: KernelFunction, supportIndices: [Int], coefficients: [Double], intercept: Double, featureCount: Int, converged: Bool
    }
    static let kind = "SVR"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(configuration: configuration, kernel: kernel, supportIndices: supportIndices,
                                                               coefficients: dualCoefficients, intercept: intercept,
                                                               featureCount: featureCount, converged: converged),
                         tensors: ["support_vectors": supportVectors])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        guard s.featureCount >= 1, s.coefficients.count == s.supportIndices.count else {
            throw .invalidArchive("SVR: \(s.coefficients.count) coefficients for \(s.supportIndices.count) support vectors")
        }
        let vectors = try archive.tensor("support_vectors", shape: [s.supportIndices.count, s.featureCount])
        self.init(configuration: s.configuration, kernel: s.kernel, supportIndices: s.supportIndices, supportVectors: vectors.doubles,
                  coefficients: s.coefficients, intercept: s.intercept, featureCount: s.featureCount, converged: s.converged)
    }
}
