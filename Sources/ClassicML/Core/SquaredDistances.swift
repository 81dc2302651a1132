// Pairwise squared Euclidean distances through one matrix multiply: ‖a‖² − 2a·b + ‖b‖².
import Kernels

enum SquaredDistances {
    /// Squared norm of each row of a row-major `rows × columns` matrix.
    static func rowNorms(_ a: [Double], rows: Int, columns: Int) -> [Double] {
        var norms = [Double](repeating: 0, count: rows)
        a.withUnsafeBufferPointer { p in
            for i in 0..<rows {
                var s = 0.0
                for j in 0..<columns { let v = p[i * columns + j]; s += v * v }
                norms[i] = s
            }
        }
        return norms
    }

    /// `D[i, j] = ‖a_i − b_j‖²` as an `aRows × bRows` row-major matrix, clamped at 0 (one DGEMM).
    static func compute(
        _ a: [Double], aRows: Int, aNorms: [Double], _ b: [Double], bRows: Int, bNorms: [Double], columns: Int
    ) -> [Double] {
        var d = [Double](repeating: 0, count: aRows * bRows)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                d.withUnsafeMutableBufferPointer { pd in
                    MatrixMultiply.dgemm(
                        transB: true, m: aRows, n: bRows, k: columns, alpha: -2,
                        a: pa.baseAddress!, lda: columns, b: pb.baseAddress!, ldb: columns,
                        c: pd.baseAddress!, ldc: bRows)
                    for i in 0..<aRows {
                        for j in 0..<bRows {
                            pd[i * bRows + j] = max(0, pd[i * bRows + j] + aNorms[i] + bNorms[j])
                        }
                    }
                }
            }
        }
        return d
    }
}
