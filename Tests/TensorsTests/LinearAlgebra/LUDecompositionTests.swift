// LU with partial pivoting: solve, determinant, inverse, singular input.
import Testing
import TestSupport
@testable import Tensors

extension LinearAlgebraTests {
    @Suite("LinearAlgebra: LU")
    struct LUDecompositionTests {
        @Test("P·A = L·U, solve, inverse and determinant on random and ill-conditioned matrices", arguments: [
            ("random 1×1", TestMatrices.random(1, 1, seed: 20)),
            ("random 7×7", TestMatrices.random(7, 7, seed: 21)),
            ("random 30×30", TestMatrices.random(30, 30, seed: 22)),
            ("Hilbert 8×8", TestMatrices.hilbert(8)),
        ])
        func factorAndSolve(_ name: String, _ a: DenseMatrix) throws {
            let lu = try LUDecomposition(a)
            let n = a.rows
            var l = DenseMatrix.identity(n), u = DenseMatrix(rows: n, columns: n), pa = a
            for i in 0..<n {
                for j in 0..<n {
                    if j < i { l[i, j] = lu.packed[i, j] } else { u[i, j] = lu.packed[i, j] }
                    pa[i, j] = a[lu.permutation[i], j]
                }
            }
            #expect(maxDifference(l * u, pa) < 1e-10, "\(name)")
            let b = TestMatrices.random(n, 2, seed: 23)
            let x = try lu.solve(b)
            #expect(maxDifference(a * x, b) < 1e-10 * Swift.max(1, x.maxAbs), "\(name)")
            let inverse = try lu.inverse()
            // For Hilbert(8), ‖A‖·‖A⁻¹‖ ≈ 1.5e10: the residual scales with the condition number.
            let tolerance = name.hasPrefix("Hilbert") ? 1e-5 : 1e-10
            #expect(maxDifference(a * inverse, .identity(n)) < tolerance, "\(name)")
        }

        @Test("determinants: known values and the permutation sign")
        func determinants() throws {
            #expect(Swift.abs(try LUDecomposition(DenseMatrix([[0, 1], [1, 0]])).determinant + 1) < 1e-15)
            #expect(Swift.abs(try Tensor([[2, 1, 0], [1, 3, 1], [0, 1, 4]] as [[Float]]).determinant() - 18) < 1e-12)
            // det(Hilbert 4) = 1/6048000.
            #expect(Swift.abs(try LUDecomposition(TestMatrices.hilbert(4)).determinant - 1 / 6_048_000) < 1e-18)
            let x = try Tensor([[4, 3], [6, 3]] as [[Double]]).solve(Tensor([10, 12] as [Double]))
            #expect(x.shape == [2] && isClose(x.doubles, [1, 2], atol: 1e-14, rtol: 0))
        }

        @Test("singular and non-square matrices throw")
        func errors() throws {
            let singular = DenseMatrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
            let lu = try LUDecomposition(singular)
            #expect(lu.isSingular)
            #expect(throws: LinearAlgebraError.singular) { try lu.inverse() }
            #expect(throws: LinearAlgebraError.singular) { try Tensor([[1, 2], [2, 4]] as [[Double]]).solve(Tensor([1, 2] as [Double])) }
            #expect(throws: LinearAlgebraError.notSquare(shape: [3, 2])) { try Tensor.zeros([3, 2]).inverse() }
            #expect(throws: LinearAlgebraError.shapeMismatch(expected: "a right-hand side with 3 rows", found: [2, 1])) {
                try LUDecomposition(TestMatrices.random(3, 3, seed: 1)).solve(DenseMatrix(rows: 2, columns: 1))
            }
            #expect(throws: LinearAlgebraError.shapeMismatch(expected: "a rank-1 or rank-2 right-hand side", found: [3, 1, 1])) {
                try Tensor.eye(3).solve(Tensor.zeros([3, 1, 1]))
            }
        }
    }
}
