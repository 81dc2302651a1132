// Mahalanobis-distance out-of-distribution detection on features (Lee et al. 2018): class means and one
// shared (tied) covariance fitted on in-distribution features.
import Tensors

/// Fits class-conditional Gaussians with a tied covariance to in-distribution features.
///
/// As Lee et al. 2018: `μ_c` the mean of class `c`, `Σ = (1/N) Σ_c Σ_{i∈c} (xᵢ − μ_c)(xᵢ − μ_c)ᵀ`, and the
/// confidence score `M(x) = max_c −(x − μ_c)ᵀ Σ⁻¹ (x − μ_c)`. `Σ⁻¹` is the pseudo-inverse (as scikit-learn's
/// `EmpiricalCovariance`, which their code uses), so fewer samples than features still work.
public struct MahalanobisDetector: Sendable, Codable, Equatable {
    public init() {}

    /// Fits on in-distribution features `features[i]` with labels `0..<classes`; every class needs a sample.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, ragged or non-finite features, negative
    ///   labels, a class without samples, or a covariance whose pseudo-inverse cannot be computed.
    public func fit(_ features: [[Double]], labels: [Int]) throws(EvaluationError) -> FittedMahalanobisDetector {
        let d = try LogitInput.matrix(features, rows: labels.count, what: "features")
        let k = (labels.max() ?? -1) + 1
        try Validate.labels(labels, classCount: k)
        var means = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
        var counts = [Int](repeating: 0, count: k)
        for (x, y) in zip(features, labels) {
            counts[y] += 1
            for j in 0..<d { means[y][j] += x[j] }
        }
        if let empty = counts.firstIndex(of: 0) {
            throw .invalidArgument("class \(empty) has no samples; relabel the classes as 0..<classes, each present")
        }
        for c in 0..<k { means[c] = means[c].map { $0 / Double(counts[c]) } }
        var covariance = DenseMatrix(rows: d, columns: d)
        for (x, y) in zip(features, labels) {
            let r = (0..<d).map { x[$0] - means[y][$0] }
            for a in 0..<d { for b in 0..<d { covariance[a, b] += r[a] * r[b] } }
        }
        let n = Double(features.count)
        for a in 0..<d { for b in 0..<d { covariance[a, b] /= n } }
        let precision: DenseMatrix
        do { precision = try covariance.pseudoInverse() } catch {
            throw .cannotFitCalibrator(method: "Mahalanobis detector", reason: "the tied covariance has no pseudo-inverse (\(error))")
        }
        return FittedMahalanobisDetector(classMeans: means, precision: precision.elements)
    }
}

/// Fitted class means and shared precision matrix.
public struct FittedMahalanobisDetector: Sendable, Codable, Equatable {
    /// `μ_c`, one row per class.
    public let classMeans: [[Double]]
    /// `Σ⁻¹`, row-major `d × d`.
    public let precision: [Double]

    public init(classMeans: [[Double]], precision: [Double]) {
        let d = classMeans.first?.count ?? 0
        precondition(precision.count == d * d, "FittedMahalanobisDetector: precision has \(precision.count) values for \(d) features")
        self.classMeans = classMeans
        self.precision = precision
    }

    /// Squared Mahalanobis distance of each row to each class mean: `result[i][c]`.
    /// - Throws: ``EvaluationError`` for empty input, ragged or non-finite features, or another feature count.
    public func distances(_ features: [[Double]]) throws(EvaluationError) -> [[Double]] {
        let d = try LogitInput.matrix(features, what: "features")
        guard d == classMeans[0].count else { throw .widthMismatch(what: "features", expected: classMeans[0].count, found: d) }
        return features.map { x in
            classMeans.map { mu in
                let r = (0..<d).map { x[$0] - mu[$0] }
                var total = 0.0
                for a in 0..<d {
                    var row = 0.0
                    for b in 0..<d { row += precision[a * d + b] * r[b] }
                    total += r[a] * row
                }
                return total
            }
        }
    }

    /// Lee et al.'s confidence score `max_c −distance_c`: higher means in-distribution.
    /// - Throws: as ``distances(_:)``.
    public func scores(_ features: [[Double]]) throws(EvaluationError) -> [Double] {
        try distances(features).map { -$0.min()! }
    }
}
