// Truncated SVD (latent semantic analysis): the top singular directions of the uncentred data.
import Tensors

/// Truncated singular value decomposition (`sklearn.decomposition.TruncatedSVD`), computed exactly (as
/// `algorithm="arpack"` with `tol=0`).
///
/// Unlike ``PCA`` the data is not centred, so it suits count or TF-IDF matrices. Signs follow scikit-learn's
/// `svd_flip(u_based_decision=False)`. ``FittedTruncatedSVD/explainedVariance`` is the (population) variance of
/// each projected column, as in scikit-learn.
public struct TruncatedSVD: Estimator, Codable, Equatable {
    /// How many singular directions to keep.
    public var components: Int

    /// Keeps `components` singular directions (scikit-learn's default is 2).
    public init(components: Int = 2) { self.components = components }

    /// Fits the top ``components`` right singular vectors of `x` `[samples, features]`; `y` is ignored.
    /// - Throws: ``ClassicMLError/tooFewSamples(what:needed:found:)`` when `components > min(samples, features)`,
    ///   and the usual input errors.
    public func fit(_ x: Tensor, _ y: Tensor? = nil) throws(ClassicMLError) -> FittedTruncatedSVD {
        let (values, rows, columns) = try Validation.matrix(x)
        try LinearProjection.check(components: components, rows: rows, columns: columns, model: "TruncatedSVD")
        let (axes, singularValues) = try LinearProjection.topAxes(values, rows: rows, columns: columns, k: components)
        let projection = LinearProjection(axes: axes, components: components, features: columns, mean: nil)
        let z = try projection.project(x).doubles
        let explained = (0..<components).map { c in populationVariance((0..<rows).map { z[$0 * components + c] }) }
        let total = (0..<columns).reduce(0.0) { s, j in s + populationVariance((0..<rows).map { values[$0 * columns + j] }) }
        return FittedTruncatedSVD(configuration: self, axes: axes, singularValues: Array(singularValues.prefix(components)),
                                  explainedVariance: explained, explainedVarianceRatio: explained.map { total > 0 ? $0 / total : 0 },
                                  featureCount: columns)
    }
}

private func populationVariance(_ v: [Double]) -> Double {
    let mean = v.reduce(0, +) / Double(v.count)
    return v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count)
}

/// A fitted ``TruncatedSVD``.
public struct FittedTruncatedSVD: FittedEstimator {
    /// The configuration it was fitted with.
    public let configuration: TruncatedSVD
    /// The kept singular values, descending.
    public let singularValues: [Double]
    /// Population variance of each projected column.
    public let explainedVariance: [Double]
    /// ``explainedVariance`` over the total variance of the features.
    public let explainedVarianceRatio: [Double]
    public let featureCount: Int
    let axes: [Double]

    init(configuration: TruncatedSVD, axes: [Double], singularValues: [Double], explainedVariance: [Double],
         explainedVarianceRatio: [Double], featureCount: Int) {
        self.configuration = configuration
        self.axes = axes
        self.singularValues = singularValues
        self.explainedVariance = explainedVariance
        self.explainedVarianceRatio = explainedVarianceRatio
        self.featureCount = featureCount
    }

    /// Right singular vectors `[components, features]` (Float64).
    public var components: Tensor { Tensor(axes, shape: [configuration.components, featureCount]) }

    var projection: LinearProjection { LinearProjection(axes: axes, components: configuration.components, features: featureCount, mean: nil) }

    /// `x · componentsᵀ` `[samples, components]`.
    public func transform(_ x: Tensor) throws(ClassicMLError) -> Tensor { try projection.project(x) }

    /// `z · components` `[samples, features]`.
    public func inverseTransform(_ z: Tensor) throws(ClassicMLError) -> Tensor { try projection.reconstruct(z) }

    struct Saved: Codable {
        var configuration: TruncatedSVD, singularValues: [Double], explainedVariance: [Double], explainedVarianceRatio: [Double], featureCount: Int
    }
    static let kind = "TruncatedSVD"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(
            configuration: configuration, singularValues: singularValues, explainedVariance: explainedVariance,
            explainedVarianceRatio: explainedVarianceRatio, featureCount: featureCount), tensors: ["components": components])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        let k = s.configuration.components
        guard s.singularValues.count == k, s.explainedVariance.count == k, s.explainedVarianceRatio.count == k else {
            throw .invalidArchive("TruncatedSVD statistics have inconsistent lengths")
        }
        self.init(configuration: s.configuration, axes: try archive.tensor("components", shape: [k, s.featureCount]).doubles,
                  singularValues: s.singularValues, explainedVariance: s.explainedVariance, explainedVarianceRatio: s.explainedVarianceRatio,
                  featureCount: s.featureCount)
    }
}
