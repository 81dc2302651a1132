// Principal component analysis: the eigenvectors of the centred Gram matrix for tall data, else the SVD of the
// centred data (scikit-learn's PCA with svd_solver="auto" for its covariance_eigh and full solvers).
import Tensors

/// Principal component analysis (`sklearn.decomposition.PCA`, `svd_solver="auto"` with a full solver).
///
/// The principal axes are the right singular vectors of the centred data `X − μ = U·diag(σ)·Vᵀ`: the first
/// ``components`` rows of `Vᵀ`. Tall data (at least 10 rows per feature, at most 1000 features: scikit-learn's
/// `covariance_eigh` rule) gets them as the eigenvectors of the centred Gram matrix `(X − μ)ᵀ(X − μ) = V·diag(σ²)·Vᵀ`,
/// computed in one pass over `X` without a centred copy; other shapes take the thin SVD of the centred copy. Signs follow scikit-learn's `svd_flip(u_based_decision=False)`: the entry of largest
/// magnitude in each component is positive.
///
/// ```swift
/// let pca = try PCA(components: 16).fit(x)
/// pca.explainedVarianceRatio
/// let z = try pca.transform(x)              // [samples, 16]
/// let back = try pca.inverseTransform(z)    // [samples, features]
/// ```
public struct PCA: Estimator, Codable, Equatable {
    /// How many components to keep; `nil` keeps `min(samples, features)`.
    public var components: Int?

    /// Keeps `components` principal axes (`nil`: all of them).
    public init(components: Int? = nil) { self.components = components }

    /// Fits the principal axes of `x` `[samples, features]`; `y` is ignored.
    /// - Throws: ``ClassicMLError/tooFewSamples(what:needed:found:)`` when more components are asked for than
    ///   `min(samples, features)` allows, and the usual input errors.
    public func fit(_ x: Tensor, _ y: Tensor? = nil) throws(ClassicMLError) -> FittedPCA {
        let (rows, columns) = try BorrowedMatrix.shape(x)
        let available = min(rows, columns)
        let k = components ?? available
        try LinearProjection.check(components: k, rows: rows, columns: columns, model: "PCA")
        let mean: [Double], axes: [Double], singularValues: [Double]
        if LinearProjection.usesGram(rows: rows, columns: columns) {
            // One pass over x for the means and the centred Gram matrix (scikit-learn's covariance_eigh).
            let gram: [Double]
            (gram, mean) = BorrowedMatrix.read(x) { LinearProjection.centredGram($0, rows: rows, columns: columns) }
            // A NaN or infinity anywhere makes its column's mean non-finite: only then look for where it was.
            if !mean.allSatisfy(\.isFinite) { try BorrowedMatrix.requireFinite(x) }
            (axes, singularValues) = try LinearProjection.axes(gram: gram, columns: columns, k: k)
        } else {
            let (values, _, _) = try Validation.matrix(x)
            var sums = [Double](repeating: 0, count: columns)
            for i in 0..<rows { for j in 0..<columns { sums[j] += values[i * columns + j] } }
            mean = sums.map { $0 / Double(rows) }
            var centred = values
            for i in 0..<rows { for j in 0..<columns { centred[i * columns + j] -= mean[j] } }
            (axes, singularValues) = try LinearProjection.topAxes(centred, rows: rows, columns: columns, k: k)
        }
        let dof = Double(max(rows - 1, 1))
        let variances = singularValues.map { $0 * $0 / dof }
        let total = variances.reduce(0, +)
        let kept = Array(variances.prefix(k))
        let noise = k < available ? variances[k...].reduce(0, +) / Double(available - k) : 0
        return FittedPCA(configuration: self, mean: mean, axes: axes, explainedVariance: kept,
                         explainedVarianceRatio: kept.map { total > 0 ? $0 / total : 0 }, singularValues: Array(singularValues.prefix(k)),
                         noiseVariance: noise, featureCount: columns)
    }
}

/// A fitted ``PCA``: the mean, the principal axes and the variance each explains.
public struct FittedPCA: FittedEstimator {
    /// The configuration it was fitted with.
    public let configuration: PCA
    /// Per-feature mean of the training data.
    public let mean: [Double]
    /// Variance along each component (`σ² / (n − 1)`), descending; 0 for a single sample (scikit-learn divides
    /// 0 by 0 there and gives NaN).
    public let explainedVariance: [Double]
    /// Fraction of the total variance each component explains; 0 when the data has no variance at all
    /// (constant columns or a single sample), where scikit-learn warns and gives NaN.
    public let explainedVarianceRatio: [Double]
    /// The singular values of the centred training data for the kept components.
    public let singularValues: [Double]
    /// Mean variance of the discarded directions (probabilistic PCA's noise; 0 when all are kept).
    public let noiseVariance: Double
    public let featureCount: Int
    let axes: [Double]

    init(configuration: PCA, mean: [Double], axes: [Double], explainedVariance: [Double], explainedVarianceRatio: [Double],
         singularValues: [Double], noiseVariance: Double, featureCount: Int) {
        self.configuration = configuration
        self.mean = mean
        self.axes = axes
        self.explainedVariance = explainedVariance
        self.explainedVarianceRatio = explainedVarianceRatio
        self.singularValues = singularValues
        self.noiseVariance = noiseVariance
        self.featureCount = featureCount
    }

    /// The number of components kept.
    public var componentCount: Int { explainedVariance.count }

    /// Principal axes `[components, features]` (Float64), unit rows, by decreasing variance.
    public var components: Tensor { Tensor(axes, shape: [componentCount, featureCount]) }

    var projection: LinearProjection { LinearProjection(axes: axes, components: componentCount, features: featureCount, mean: mean) }

    /// Projects `x` `[samples, features]` onto the components: `(x − mean) · componentsᵀ` `[samples, components]`.
    public func transform(_ x: Tensor) throws(ClassicMLError) -> Tensor { try projection.project(x) }

    /// Maps projections `z` `[samples, components]` back to feature space: `z · components + mean`.
    public func inverseTransform(_ z: Tensor) throws(ClassicMLError) -> Tensor { try projection.reconstruct(z) }

    struct Saved: Codable {
        var configuration: PCA, mean: [Double], explainedVariance: [Double], explainedVarianceRatio: [Double], singularValues: [Double]
        var noiseVariance: Double, featureCount: Int
    }
    static let kind = "PCA"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(
            configuration: configuration, mean: mean, explainedVariance: explainedVariance, explainedVarianceRatio: explainedVarianceRatio,
            singularValues: singularValues, noiseVariance: noiseVariance, featureCount: featureCount), tensors: ["components": components])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        let k = s.explainedVariance.count
        guard s.mean.count == s.featureCount, s.explainedVarianceRatio.count == k, s.singularValues.count == k else {
            throw .invalidArchive("PCA statistics have inconsistent lengths")
        }
        self.init(configuration: s.configuration, mean: s.mean, axes: try archive.tensor("components", shape: [k, s.featureCount]).doubles,
                  explainedVariance: s.explainedVariance, explainedVarianceRatio: s.explainedVarianceRatio, singularValues: s.singularValues,
                  noiseVariance: s.noiseVariance, featureCount: s.featureCount)
    }
}
