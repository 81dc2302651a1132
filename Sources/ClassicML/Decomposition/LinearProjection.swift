// What PCA and TruncatedSVD share: the SVD with scikit-learn's sign convention, and projecting onto axes.
import Kernels
import Tensors

/// Orthonormal axes `[components, features]` (and an optional mean subtracted first): project and reconstruct.
struct LinearProjection: Sendable {
    let axes: [Double], components: Int, features: Int
    /// Subtracted before projecting and added back after reconstructing (`nil`: no centring).
    let mean: [Double]?

    /// The top `k` right singular vectors of `data` `[rows, columns]` with scikit-learn's
    /// `svd_flip(u_based_decision=False)` signs (largest-magnitude entry of each positive), and all singular values.
    ///
    /// Tall data (at least 10 rows per column, at most 1000 columns, scikit-learn's rule for its
    /// `covariance_eigh` solver) goes through the Gram matrix `XᵀX` (one GEMM) and its symmetric eigendecomposition
    /// by tridiagonal QL: `XᵀX = V·diag(σ²)·Vᵀ`. That is an order of magnitude less work than an SVD of `X`; it
    /// loses relative accuracy only in singular values below `√ε·σ₁`, which no component kept for its variance
    /// has. Other shapes take the thin SVD of `X`.
    static func topAxes(_ data: [Double], rows: Int, columns: Int, k: Int) throws(ClassicMLError) -> (axes: [Double], singularValues: [Double]) {
        let right: [[Double]], singularValues: [Double]
        do {
            if rows >= 10 * columns && columns <= 1000 {
                var gram = [Double](repeating: 0, count: columns * columns)
                data.withUnsafeBufferPointer { px in
                    gram.withUnsafeMutableBufferPointer { pg in
                        MatrixMultiply.dgemm(transA: true, m: columns, n: columns, k: rows, a: px.baseAddress!, lda: columns,
                                             b: px.baseAddress!, ldb: columns, c: pg.baseAddress!, ldc: columns)
                    }
                }
                let eigen = try SymmetricEigendecomposition(DenseMatrix(rows: columns, columns: columns, elements: gram), method: .tridiagonalQL)
                let descending = Array((0..<columns).reversed())
                singularValues = descending.map { max(eigen.values[$0], 0).squareRoot() }
                right = descending.prefix(k).map { eigen.vectors.column($0) }
            } else {
                let svd = try SingularValueDecomposition(DenseMatrix(rows: rows, columns: columns, elements: data))
                singularValues = svd.singularValues
                right = (0..<k).map { svd.vt.row($0) }
            }
        } catch {
            throw .invalidHyperparameter(name: "data", value: "\(rows)×\(columns)", expected: "a matrix whose SVD converges (\(error))")
        }
        var axes = [Double](repeating: 0, count: k * columns)
        for (c, row) in right.enumerated() {
            var largest = 0
            for j in 1..<columns where abs(row[j]) > abs(row[largest]) { largest = j }
            let sign: Double = row[largest] < 0 ? -1 : 1
            for j in 0..<columns { axes[c * columns + j] = sign * row[j] }
        }
        return (axes, singularValues)
    }

    /// `(x − mean) · axesᵀ` `[rows, components]`.
    func project(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        var (values, rows) = try Validation.features(x, expected: features)
        if let mean { for i in 0..<rows { for j in 0..<features { values[i * features + j] -= mean[j] } } }
        var out = [Double](repeating: 0, count: rows * components)
        values.withUnsafeBufferPointer { px in
            axes.withUnsafeBufferPointer { pa in
                out.withUnsafeMutableBufferPointer { po in
                    MatrixMultiply.dgemm(transB: true, m: rows, n: components, k: features, a: px.baseAddress!, lda: features,
                                         b: pa.baseAddress!, ldb: features, c: po.baseAddress!, ldc: components)
                }
            }
        }
        return Tensor(out, shape: [rows, components])
    }

    /// `z · axes + mean` `[rows, features]`.
    func reconstruct(_ z: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(z, expected: components)
        var out = [Double](repeating: 0, count: rows * features)
        if let mean { for i in 0..<rows { for j in 0..<features { out[i * features + j] = mean[j] } } }
        values.withUnsafeBufferPointer { pz in
            axes.withUnsafeBufferPointer { pa in
                out.withUnsafeMutableBufferPointer { po in
                    MatrixMultiply.dgemm(m: rows, n: features, k: components, a: pz.baseAddress!, lda: components,
                                         b: pa.baseAddress!, ldb: features, beta: 1, c: po.baseAddress!, ldc: features)
                }
            }
        }
        return Tensor(out, shape: [rows, features])
    }

    /// Checks a component count against `min(rows, columns)`.
    static func check(components k: Int, rows: Int, columns: Int, model: String) throws(ClassicMLError) {
        guard k >= 1 else { throw .invalidHyperparameter(name: "components", value: "\(k)", expected: "at least 1") }
        let available = min(rows, columns)
        guard k <= available else {
            throw .tooFewSamples(what: "\(model) with \(k) components (at most min(samples, features))", needed: k, found: available)
        }
    }
}
