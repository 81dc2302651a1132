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
        if usesGram(rows: rows, columns: columns) {
            var gram = [Double](repeating: 0, count: columns * columns)
            data.withUnsafeBufferPointer { px in
                gram.withUnsafeMutableBufferPointer { pg in
                    MatrixMultiply.dgemm(transA: true, m: columns, n: columns, k: rows, a: px.baseAddress!, lda: columns,
                                         b: px.baseAddress!, ldb: columns, c: pg.baseAddress!, ldc: columns)
                }
            }
            return try axes(gram: gram, columns: columns, k: k)
        }
        let right: [[Double]], singularValues: [Double]
        do {
            let svd = try SingularValueDecomposition(DenseMatrix(rows: rows, columns: columns, elements: data))
            singularValues = svd.singularValues
            right = (0..<k).map { svd.vt.row($0) }
        } catch {
            throw .invalidHyperparameter(name: "data", value: "\(rows)×\(columns)", expected: "a matrix whose SVD converges (\(error))")
        }
        return (flipped(right, columns: columns), singularValues)
    }

    /// Whether `topAxes` goes through the Gram matrix (scikit-learn's rule for `covariance_eigh`: at least 10 rows
    /// per column, at most 1000 columns).
    static func usesGram(rows: Int, columns: Int) -> Bool { rows >= 10 * columns && columns <= 1000 }

    /// The top `k` axes and all singular values from the Gram matrix `XᵀX` (`columns × columns`, both triangles)
    /// of the data: `XᵀX = V·diag(σ²)·Vᵀ`, by tridiagonal QL.
    static func axes(gram: [Double], columns: Int, k: Int) throws(ClassicMLError) -> (axes: [Double], singularValues: [Double]) {
        let eigen: SymmetricEigendecomposition
        do {
            eigen = try SymmetricEigendecomposition(DenseMatrix(rows: columns, columns: columns, elements: gram), method: .tridiagonalQL)
        } catch {
            throw .invalidHyperparameter(name: "data", value: "Gram matrix \(columns)×\(columns)", expected: "a matrix whose eigendecomposition converges (\(error))")
        }
        let descending = Array((0..<columns).reversed())
        let singularValues = descending.map { max(eigen.values[$0], 0).squareRoot() }
        return (flipped(descending.prefix(k).map { eigen.vectors.column($0) }, columns: columns), singularValues)
    }

    /// The centred Gram matrix `(X − μ)ᵀ(X − μ)` and the column means `μ` of `x` `[rows, columns]`, in one pass over
    /// `x` and without a centred copy: the rows are shifted by the mean of the first few (a close estimate of `μ`)
    /// inside the kernel, and the rank-one remainder `n·δδᵀ` of the shift's error `δ` is taken off after.
    static func centredGram(_ x: UnsafePointer<Double>, rows: Int, columns: Int) -> (gram: [Double], mean: [Double]) {
        let head = min(rows, 64)
        var shift = [Double](repeating: 0, count: columns)
        for i in 0..<head { for j in 0..<columns { shift[j] += x[i * columns + j] } }
        for j in 0..<columns { shift[j] /= Double(head) }
        var gram = [Double](repeating: 0, count: columns * columns), sums = [Double](repeating: 0, count: columns)
        gram.withUnsafeMutableBufferPointer { pg in
            sums.withUnsafeMutableBufferPointer { ps in
                MatrixMultiply.shiftedGram(rows: rows, columns: columns, x: x, ldx: columns, shift: shift,
                                           gram: pg.baseAddress!, sums: ps.baseAddress!)
            }
        }
        let n = Double(rows)
        let delta = sums.map { $0 / n }
        for i in 0..<columns { for j in 0..<columns { gram[i * columns + j] -= n * delta[i] * delta[j] } }
        return (gram, zip(shift, delta).map { $0 + $1 })
    }

    /// The vectors as rows `[k, columns]` with scikit-learn's `svd_flip(u_based_decision=False)` signs.
    private static func flipped(_ right: [[Double]], columns: Int) -> [Double] {
        var axes = [Double](repeating: 0, count: right.count * columns)
        for (c, row) in right.enumerated() {
            var largest = 0
            for j in 1..<columns where abs(row[j]) > abs(row[largest]) { largest = j }
            let sign: Double = row[largest] < 0 ? -1 : 1
            for j in 0..<columns { axes[c * columns + j] = sign * row[j] }
        }
        return axes
    }

    /// `(x − mean) · axesᵀ` `[rows, components]`.
    ///
    /// Rows go in fixed blocks over the kernel threads, each centred into a small scratch block (in cache) and
    /// multiplied there, so `x` is read once and never copied whole.
    func project(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let rows = try BorrowedMatrix.rows(x, columns: features)
        let d = features, k = components, block = 256, blocks = (rows + block - 1) / block
        var out = Tensor.zeros([rows, k], dtype: .float64)
        var finite = true
        out.withUnsafeMutableBufferPointer(as: Double.self) { po in
            BorrowedMatrix.read(x) { px in
                axes.withUnsafeBufferPointer { pa in
                    (mean ?? []).withUnsafeBufferPointer { pm in
                        let xs = SendablePointer(px), axes = SendablePointer(pa.baseAddress!), os = SendablePointer(po.baseAddress!)
                        let means = mean == nil ? nil : pm.baseAddress.map { SendablePointer($0) }
                        parallelChunks(blocks, minimumPerThread: max(1, (1 << 17) / max(1, block * d * k))) { range in
                            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: block * d)
                            defer { scratch.deallocate() }
                            for b in range {
                                let r0 = b * block, count = min(block, rows - r0)
                                var source = UnsafePointer(xs.raw + r0 * d)
                                if let means {
                                    for i in 0..<count { for j in 0..<d { scratch[i * d + j] = source[i * d + j] - means.raw[j] } }
                                    source = UnsafePointer(scratch)
                                }
                                MatrixMultiply.dgemm(transB: true, m: count, n: k, k: d, a: source, lda: d, b: axes.raw, ldb: d,
                                                     c: os.raw + r0 * k, ldc: k, multithreaded: false)
                            }
                        }
                    }
                }
            }
            // A NaN or infinity in x always reaches its row's projection; only then look for where it was.
            for v in po where !v.isFinite { finite = false; break }
        }
        if !finite { try BorrowedMatrix.requireFinite(x) }
        return out
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
