// Gaussian and multinomial naive Bayes (scikit-learn's GaussianNB and MultinomialNB).
import Foundation
import Kernels
import Tensors

/// A naive Bayes model: labels and probabilities come from its joint log-likelihoods.
protocol NaiveBayesClassifier: Classifier {
    /// `log P(c) + log P(x | c)` for every row and class `[rows, classes]`, after checking `x`.
    func jointLogLikelihood(_ x: Tensor) throws(ClassicMLError) -> (values: [Double], rows: Int)
}

extension NaiveBayesClassifier {
    /// The class of largest posterior probability for each row `[samples]` (Float64).
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (jll, rows) = try jointLogLikelihood(x)
        return ClassScores.labels(jll, rows: rows, classes: classes)
    }

    /// Posterior class probabilities `[samples, classes]`.
    public func predictProbabilities(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (jll, rows) = try jointLogLikelihood(x)
        return Tensor(ClassScores.softmax(jll, rows: rows, classes: classes.count), shape: [rows, classes.count])
    }
}

/// Gaussian naive Bayes (`sklearn.naive_bayes.GaussianNB`): per class, independent normal features.
///
/// Each class's per-feature variance gets `varianceSmoothing × (largest feature variance)` added for
/// stability; class priors are the class frequencies.
///
/// ```swift
/// let model = try GaussianNB().fit(x, y)
/// let p = try model.predictProbabilities(x)   // [samples, classes]
/// ```
public struct GaussianNB: Estimator, Codable, Equatable {
    /// The fraction of the largest feature variance added to every variance (`var_smoothing`).
    public var varianceSmoothing: Double

    /// scikit-learn's default smoothing is 1e-9.
    public init(varianceSmoothing: Double = 1e-9) { self.varianceSmoothing = varianceSmoothing }

    /// Fits class means and variances to `x` `[samples, features]` and labels `y`.
    /// - Throws: ``ClassicMLError/singleClass(label:)`` and the usual input errors.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedGaussianNB {
        guard varianceSmoothing >= 0 else {
            throw .invalidHyperparameter(name: "varianceSmoothing", value: "\(varianceSmoothing)", expected: "≥ 0")
        }
        let (values, rows, columns) = try Validation.matrix(x)
        let (classes, codes) = try Validation.classes(try Validation.targets(y, rows: rows))
        let k = classes.count
        var counts = [Double](repeating: 0, count: k)
        var means = [Double](repeating: 0, count: k * columns), variances = [Double](repeating: 0, count: k * columns)
        for i in 0..<rows {
            counts[codes[i]] += 1
            for j in 0..<columns { means[codes[i] * columns + j] += values[i * columns + j] }
        }
        for c in 0..<k { for j in 0..<columns { means[c * columns + j] /= counts[c] } }
        for i in 0..<rows {
            for j in 0..<columns {
                let e = values[i * columns + j] - means[codes[i] * columns + j]
                variances[codes[i] * columns + j] += e * e
            }
        }
        // epsilon = smoothing × max over features of the whole-data variance.
        var largest = 0.0
        for j in 0..<columns {
            var mu = 0.0
            for i in 0..<rows { mu += values[i * columns + j] }
            mu /= Double(rows)
            var v = 0.0
            for i in 0..<rows { v += (values[i * columns + j] - mu) * (values[i * columns + j] - mu) }
            largest = max(largest, v / Double(rows))
        }
        let epsilon = varianceSmoothing * largest
        for c in 0..<k { for j in 0..<columns { variances[c * columns + j] = variances[c * columns + j] / counts[c] + epsilon } }
        return FittedGaussianNB(configuration: self, classes: classes, priors: counts.map { $0 / Double(rows) }, means: means,
                                variances: variances, epsilon: epsilon, featureCount: columns)
    }
}

/// A fitted ``GaussianNB``.
public struct FittedGaussianNB: NaiveBayesClassifier {
    /// The configuration it was fitted with.
    public let configuration: GaussianNB
    public let classes: [Double]
    /// Class prior probabilities (the training frequencies).
    public let priors: [Double]
    /// The variance added to every class variance.
    public let epsilon: Double
    public let featureCount: Int
    let means: [Double], variances: [Double]

    init(configuration: GaussianNB, classes: [Double], priors: [Double], means: [Double], variances: [Double], epsilon: Double, featureCount: Int) {
        self.configuration = configuration
        self.classes = classes
        self.priors = priors
        self.means = means
        self.variances = variances
        self.epsilon = epsilon
        self.featureCount = featureCount
    }

    /// Per-class feature means `[classes, features]`.
    public var classMeans: Tensor { Tensor(means, shape: [classes.count, featureCount]) }
    /// Per-class feature variances (smoothed) `[classes, features]`.
    public var classVariances: Tensor { Tensor(variances, shape: [classes.count, featureCount]) }

    func jointLogLikelihood(_ x: Tensor) throws(ClassicMLError) -> (values: [Double], rows: Int) {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        let k = classes.count, f = featureCount
        var base = [Double](repeating: 0, count: k)
        for c in 0..<k {
            base[c] = Foundation.log(priors[c]) - 0.5 * (0..<f).reduce(0.0) { $0 + Foundation.log(2 * Double.pi * variances[c * f + $1]) }
        }
        var jll = [Double](repeating: 0, count: rows * k)
        for i in 0..<rows {
            for c in 0..<k {
                var s = 0.0
                for j in 0..<f {
                    let e = values[i * f + j] - means[c * f + j]
                    s += e * e / variances[c * f + j]
                }
                jll[i * k + c] = base[c] - 0.5 * s
            }
        }
        return (jll, rows)
    }

    struct Saved: Codable { var configuration: GaussianNB, classes: [Double], priors: [Double], epsilon: Double, featureCount: Int }
    static let kind = "GaussianNB"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(configuration: configuration, classes: classes, priors: priors, epsilon: epsilon, featureCount: featureCount),
                         tensors: ["means": classMeans, "variances": classVariances])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        let shape = [s.classes.count, s.featureCount]
        guard s.priors.count == s.classes.count else { throw .invalidArchive("\(s.priors.count) priors for \(s.classes.count) classes") }
        self.init(configuration: s.configuration, classes: s.classes, priors: s.priors, means: try archive.tensor("means", shape: shape).doubles,
                  variances: try archive.tensor("variances", shape: shape).doubles, epsilon: s.epsilon, featureCount: s.featureCount)
    }
}

/// Multinomial naive Bayes (`sklearn.naive_bayes.MultinomialNB`) for counts or frequencies (word counts,
/// pixel intensities), with additive (Laplace/Lidstone) smoothing ``alpha``.
public struct MultinomialNB: Estimator, Codable, Equatable {
    /// Additive smoothing added to every feature count.
    public var alpha: Double

    /// Laplace smoothing (`alpha = 1`) by default.
    public init(alpha: Double = 1) { self.alpha = alpha }

    /// Fits per-class feature frequencies to non-negative `x` `[samples, features]` and labels `y`.
    /// - Throws: ``ClassicMLError/negativeValue(row:column:)``, ``ClassicMLError/singleClass(label:)`` and the usual
    ///   input errors.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedMultinomialNB {
        guard alpha >= 0 else { throw .invalidHyperparameter(name: "alpha", value: "\(alpha)", expected: "≥ 0") }
        let (values, rows, columns) = try Validation.matrix(x)
        try Self.checkNonNegative(values, columns: columns)
        let (classes, codes) = try Validation.classes(try Validation.targets(y, rows: rows))
        let k = classes.count
        var classCounts = [Double](repeating: 0, count: k), featureCounts = [Double](repeating: 0, count: k * columns)
        for i in 0..<rows {
            classCounts[codes[i]] += 1
            for j in 0..<columns { featureCounts[codes[i] * columns + j] += values[i * columns + j] }
        }
        var logProbabilities = [Double](repeating: 0, count: k * columns)
        for c in 0..<k {
            let total = featureCounts[(c * columns)..<((c + 1) * columns)].reduce(0) { $0 + $1 + alpha }
            for j in 0..<columns { logProbabilities[c * columns + j] = Foundation.log(featureCounts[c * columns + j] + alpha) - Foundation.log(total) }
        }
        let priors = classCounts.map { Foundation.log($0) - Foundation.log(Double(rows)) }
        return FittedMultinomialNB(configuration: self, classes: classes, classLogPriors: priors, featureLogProbabilities: logProbabilities, featureCount: columns)
    }

    static func checkNonNegative(_ values: [Double], columns: Int) throws(ClassicMLError) {
        if let bad = values.firstIndex(where: { $0 < 0 }) { throw .negativeValue(row: bad / columns, column: bad % columns) }
    }
}

/// A fitted ``MultinomialNB``.
public struct FittedMultinomialNB: NaiveBayesClassifier {
    /// The configuration it was fitted with.
    public let configuration: MultinomialNB
    public let classes: [Double]
    /// Log prior of each class (the training frequencies).
    public let classLogPriors: [Double]
    public let featureCount: Int
    let featureLogProbabilities: [Double]

    init(configuration: MultinomialNB, classes: [Double], classLogPriors: [Double], featureLogProbabilities: [Double], featureCount: Int) {
        self.configuration = configuration
        self.classes = classes
        self.classLogPriors = classLogPriors
        self.featureLogProbabilities = featureLogProbabilities
        self.featureCount = featureCount
    }

    /// Smoothed log probability of each feature given each class `[classes, features]`.
    public var featureLogProbabilityMatrix: Tensor { Tensor(featureLogProbabilities, shape: [classes.count, featureCount]) }

    func jointLogLikelihood(_ x: Tensor) throws(ClassicMLError) -> (values: [Double], rows: Int) {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        try MultinomialNB.checkNonNegative(values, columns: featureCount)
        let k = classes.count
        var jll = [Double](repeating: 0, count: rows * k)
        for i in 0..<rows { for c in 0..<k { jll[i * k + c] = classLogPriors[c] } }
        values.withUnsafeBufferPointer { px in
            featureLogProbabilities.withUnsafeBufferPointer { pw in
                jll.withUnsafeMutableBufferPointer { pj in
                    MatrixMultiply.dgemm(transB: true, m: rows, n: k, k: featureCount, a: px.baseAddress!, lda: featureCount,
                                         b: pw.baseAddress!, ldb: featureCount, beta: 1, c: pj.baseAddress!, ldc: k)
                }
            }
        }
        return (jll, rows)
    }

    struct Saved: Codable { var configuration: MultinomialNB, classes: [Double], classLogPriors: [Double], featureCount: Int }
    static let kind = "MultinomialNB"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(configuration: configuration, classes: classes, classLogPriors: classLogPriors, featureCount: featureCount),
                         tensors: ["feature_log_prob": featureLogProbabilityMatrix])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        guard s.classLogPriors.count == s.classes.count else { throw .invalidArchive("\(s.classLogPriors.count) priors for \(s.classes.count) classes") }
        self.init(configuration: s.configuration, classes: s.classes, classLogPriors: s.classLogPriors,
                  featureLogProbabilities: try archive.tensor("feature_log_prob", shape: [s.classes.count, s.featureCount]).doubles, featureCount: s.featureCount)
    }
}
