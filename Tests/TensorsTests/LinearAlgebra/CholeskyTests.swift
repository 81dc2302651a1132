// Cholesky, triangular solves and choleskySolve.
import Foundation
import Testing
import TestSupport
@testable import Tensors

extension LinearAlgebraTests {
    @Suite("LinearAlgebra: Cholesky and triangular solves")
    struct CholeskyTests {
        @Test("L·Lᵀ reconstructs A and solves A·X = B", arguments: [1, 4, 9, 16])
        func reconstructAndSolve(_ n: Int) throws {
            let a = TestMatrices.spd(n, seed: UInt64(100 + n))
            let c = try Cholesky(a)
            let l = c.lower
            for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { #expect(l[i, j] == 0) } }
            #expect(maxDifference(l.multiplied(by: l, transposingOther: true), a) < 1e-10)
            let b = TestMatrices.random(n, 3, seed: 7)
            let x = try choleskySolve(a, b)
            #expect(maxDifference(a * x, b) < 1e-10)
            #expect(Swift.abs(c.logDeterminant - Foundation.log(try LUDecomposition(a).determinant)) < 1e-10)
        }

        @Test("Tensor entry points accept Float32 and return Float64")
        func tensorAPI() throws {
            let a = Tensor([[4, 2], [2, 3]] as [[Float]])
            let l = try a.cholesky()
            #expect(l.dtype == .float64)
            #expect(isClose(l.doubles, [2, 0, 1, 2.0.squareRoot()], atol: 1e-15, rtol: 0))
            let x = try a.choleskySolve(Tensor([2, 1] as [Float]))
            #expect(x.shape == [2] && isClose(x.doubles, [0.5, 0], atol: 1e-15, rtol: 0))
        }

        @Test("a non-positive pivot is named; jitter rescues a semidefinite matrix only when asked")
        func notPositiveDefinite() throws {
            let indefinite = DenseMatrix([[1, 2, 0], [2, 1, 0], [0, 0, 1]])
            #expect(throws: LinearAlgebraError.notPositiveDefinite(pivot: 1)) { try Cholesky(indefinite) }
            // Rank-1 PSD: fails without jitter, factors with a little.
            let v = DenseMatrix(rows: 3, columns: 1, elements: [1, 2, 3])
            let psd = v.multiplied(by: v, transposingOther: true)
            #expect(throws: LinearAlgebraError.notPositiveDefinite(pivot: 1)) { try Cholesky(psd) }
            let rescued = try Cholesky(psd, maxJitter: 1e-3)
            #expect(rescued.jitter > 0 && rescued.jitter <= 1e-3)
            #expect(maxDifference(rescued.lower.multiplied(by: rescued.lower, transposingOther: true), psd) < 1e-3)
            #expect(throws: LinearAlgebraError.notSquare(shape: [2, 3])) { try Cholesky(DenseMatrix(rows: 2, columns: 3)) }
            #expect(throws: LinearAlgebraError.nonFinite) { try Cholesky(DenseMatrix([[Double.nan]])) }
        }

        @Test("triangular solves: lower, upper, transposed, unit diagonal; errors")
        func triangular() throws {
            let a = TestMatrices.spd(6, seed: 3)
            let l = try Cholesky(a).lower, u = l.transposed
            let b = TestMatrices.random(6, 2, seed: 4)
            #expect(maxDifference(l * (try TriangularSolve.solve(l, b, lower: true)), b) < 1e-12)
            #expect(maxDifference(u * (try TriangularSolve.solve(u, b, lower: false)), b) < 1e-12)
            #expect(maxDifference(u * (try TriangularSolve.solve(l, b, lower: true, transposed: true)), b) < 1e-12)
            var unit = l
            for i in 0..<6 { unit[i, i] = 1 }
            #expect(maxDifference(unit * (try TriangularSolve.solve(l, b, lower: true, unitDiagonal: true)), b) < 1e-12)
            var zeroPivot = l
            zeroPivot[3, 3] = 0
            #expect(throws: LinearAlgebraError.singular) { try TriangularSolve.solve(zeroPivot, b, lower: true) }
            #expect(throws: LinearAlgebraError.shapeMismatch(expected: "a right-hand side with 6 rows", found: [5, 2])) {
                try TriangularSolve.solve(l, TestMatrices.random(5, 2, seed: 1), lower: true)
            }
        }
    }
}
