// Thin SVD (one-sided Jacobi): reconstruction on every shape, NumPy singular values, pseudo-inverse.
import Testing
import TestSupport
@testable import Tensors

extension LinearAlgebraTests {
    @Suite("LinearAlgebra: SVD and pseudo-inverse")
    struct SingularValueDecompositionTests {
        @Test("U·diag(σ)·Vᵀ reconstructs A; U and V orthonormal; σ descending",
              arguments: TestMatrices.shapes.map(\.name))
        func reconstruct(_ name: String) throws {
            let a = TestMatrices.named(name)
            let svd = try SingularValueDecomposition(a)
            let k = Swift.min(a.rows, a.columns)
            #expect(svd.u.shape == [a.rows, k] && svd.vt.shape == [k, a.columns])
            var us = svd.u
            for i in 0..<a.rows { for j in 0..<k { us[i, j] *= svd.singularValues[j] } }
            #expect(maxDifference(us * svd.vt, a) < 1e-10, "\(name)")
            #expect(orthonormalityError(svd.u) < 1e-12, "\(name)")
            #expect(orthonormalityError(svd.vt.transposed) < 1e-12, "\(name)")
            #expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
            for j in 0..<k {
                let column = svd.u.column(j)
                #expect(column.max { Swift.abs($0) < Swift.abs($1) }! > 0, "\(name) sign convention, column \(j)")
            }
            let pinv = try a.pseudoInverse()
            // Moore–Penrose conditions A A⁺ A = A and A⁺ A A⁺ = A⁺, to a tolerance scaled by the condition
            // number over the kept singular values (≈ 1.5e10 for Hilbert 8×8, ≤ 100 for the others).
            let rank = svd.rank()
            let condition = svd.singularValues[0] / svd.singularValues[rank - 1]
            #expect(maxDifference(a * pinv * a, a) < 1e-13 * condition, "\(name)")
            #expect(maxDifference(pinv * a * pinv, pinv) < 1e-13 * condition * pinv.maxAbs, "\(name)")
        }

        @Test("singular values match numpy.linalg.svd to 1e-10; rank as matrix_rank")
        func numpyParity() throws {
            for case_ in try DecompositionFixtures.load().svd {
                let svd = try SingularValueDecomposition(case_.a.matrix)
                #expect(maxAbsDifference(svd.singularValues, case_.values) < 1e-10, "\(case_.name)")
                if case_.name.hasPrefix("rankDeficient") { #expect(svd.rank() == 3) }
            }
        }

        @Test("zero matrix, Tensor entry point, errors")
        func edgeCases() throws {
            let zero = try SingularValueDecomposition(DenseMatrix(rows: 4, columns: 3))
            #expect(zero.singularValues == [0, 0, 0] && orthonormalityError(zero.u) < 1e-15 && zero.rank() == 0)
            let (u, s, vt) = try Tensor([[3, 0], [0, -4]] as [[Float]]).svd()
            #expect(s.dtype == .float64 && s.doubles == [4, 3] && u.shape == [2, 2] && vt.shape == [2, 2])
            #expect(isClose(try Tensor([[2, 0], [0, 0]] as [[Double]]).pseudoInverse().doubles, [0.5, 0, 0, 0], atol: 1e-15, rtol: 0))
            #expect(throws: LinearAlgebraError.nonFinite) { try SingularValueDecomposition(DenseMatrix([[1, .nan]])) }
            let random = TestMatrices.random(9, 6, seed: 61)
            #expect(throws: LinearAlgebraError.didNotConverge(iterations: 2)) {
                try SingularValueDecomposition(random, maximumSweeps: 2)
            }
        }
    }
}
