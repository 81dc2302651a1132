// DenseMatrix: Tensor conversion (Float32 in, Float64 out), products through dgemm, the shared error paths.
import Testing
import TestSupport
@testable import Tensors

extension LinearAlgebraTests {
    @Suite("LinearAlgebra: DenseMatrix")
    struct DenseMatrixTests {
        @Test("Float32 tensors convert to Float64 and back as Float64")
        func tensorRoundTrip() throws {
            let t = Tensor([[1, 2, 3], [4, 5, 6]] as [[Float]])
            let m = try DenseMatrix(t)
            #expect(m.shape == [2, 3] && m[1, 2] == 6)
            #expect(m.tensor.dtype == .float64 && m.tensor.doubles == [1, 2, 3, 4, 5, 6])
            // A transposed (non-contiguous) view reads in logical order.
            #expect(try DenseMatrix(t.transposed(0, 1)).elements == [1, 4, 2, 5, 3, 6])
        }

        @Test("products and transposes agree with a naive triple loop")
        func products() {
            let a = TestMatrices.random(5, 3, seed: 10), b = TestMatrices.random(3, 4, seed: 11)
            var naive = DenseMatrix(rows: 5, columns: 4)
            for i in 0..<5 { for j in 0..<4 { for p in 0..<3 { naive[i, j] += a[i, p] * b[p, j] } } }
            #expect(maxDifference(a * b, naive) < 1e-14)
            #expect(maxDifference(a.transposed.multiplied(by: b, transposingSelf: true), naive) < 1e-14)
            #expect(maxDifference(a.multiplied(by: b.transposed, transposingOther: true), naive) < 1e-14)
        }

        @Test("empty matrices factor without trapping")
        func emptyMatrices() throws {
            let empty = DenseMatrix(rows: 0, columns: 0)
            #expect(try Cholesky(empty).lower.shape == [0, 0])
            #expect(try LUDecomposition(empty).determinant == 1)
            #expect(try SymmetricEigendecomposition(empty).values.isEmpty)
            let wide = DenseMatrix(rows: 0, columns: 3)
            #expect(try SingularValueDecomposition(wide).singularValues.isEmpty)
            #expect(try QRDecomposition(wide).r.shape == [0, 3])
            #expect(try QRDecomposition(DenseMatrix(rows: 3, columns: 0), mode: .complete).q.shape == [3, 3])
            #expect(try LeastSquares(DenseMatrix(rows: 2, columns: 0), DenseMatrix(rows: 2, columns: 1)).solution.shape == [0, 1])
        }

        @Test("rank and finiteness are checked at the boundary")
        func errors() {
            #expect(throws: LinearAlgebraError.shapeMismatch(expected: "a rank-2 matrix", found: [3])) {
                try DenseMatrix(Tensor([1, 2, 3] as [Double]))
            }
            #expect(throws: LinearAlgebraError.nonFinite) {
                try DenseMatrix(Tensor([[1, .nan], [0, 1]] as [[Double]]))
            }
            #expect(throws: LinearAlgebraError.nonFinite) {
                try Tensor([[1, 0], [0, Double.infinity]] as [[Double]]).inverse()
            }
            #expect(LinearAlgebraError.notPositiveDefinite(pivot: 2).description.contains("pivot 2"))
        }
    }
}
