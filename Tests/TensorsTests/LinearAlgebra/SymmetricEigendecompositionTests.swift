// Symmetric eigendecomposition: reconstruction, orthonormality, NumPy eigenvalues, the sign convention.
import Testing
import TestSupport
@testable import Tensors

extension LinearAlgebraTests {
    @Suite("LinearAlgebra: symmetric eigendecomposition")
    struct SymmetricEigendecompositionTests {
        @Test("eigenvalues match numpy.linalg.eigh to 1e-10; V·diag(λ)·Vᵀ reconstructs A",
              arguments: [SymmetricEigendecomposition.Method.jacobi, .tridiagonalQL])
        func numpyParity(method: SymmetricEigendecomposition.Method) throws {
            let fixtures = try DecompositionFixtures.load()
            #expect(fixtures.versions["numpy"] != nil)
            for case_ in fixtures.eigh {
                let a = case_.a.matrix
                let e = try SymmetricEigendecomposition(a, method: method)
                #expect(maxAbsDifference(e.values, case_.values) < 1e-10, "\(case_.name)")
                #expect(zip(e.values, e.values.dropFirst()).allSatisfy { $0 <= $1 }, "\(case_.name) ascending")
                #expect(orthonormalityError(e.vectors) < 1e-12, "\(case_.name)")
                var scaled = e.vectors
                for i in 0..<a.rows { for j in 0..<a.rows { scaled[i, j] *= e.values[j] } }
                #expect(maxDifference(scaled.multiplied(by: e.vectors, transposingOther: true), a) < 1e-10, "\(case_.name)")
                // A·v = λ·v holds for either sign of v; the convention makes the largest entry positive.
                for j in 0..<a.rows {
                    let v = e.vectors.column(j)
                    let big = v.max { Swift.abs($0) < Swift.abs($1) }!
                    #expect(big > 0, "\(case_.name) column \(j)")
                    let av = a * DenseMatrix(rows: a.rows, columns: 1, elements: v)
                    #expect(maxAbsDifference(av.elements, v.map { $0 * e.values[j] }) < 1e-10)
                }
            }
        }

        @Test("tridiagonal QL agrees with Jacobi on larger matrices, with repeated and zero eigenvalues")
        func tridiagonalQLMatchesJacobi() throws {
            // A random SPD matrix, and a rank-3 one plus 2·I (eigenvalue 2 repeated 61 times), and a zero matrix.
            let b = TestMatrices.spd(64, seed: 61)
            var lowRank = DenseMatrix.identity(64)
            for i in 0..<64 { for j in 0..<64 { lowRank[i, j] = 2 * lowRank[i, j] + b[i, j % 3] * b[j, i % 3] } }
            lowRank = DenseMatrix(rows: 64, columns: 64, elements: (0..<(64 * 64)).map { e in
                let (i, j) = (e / 64, e % 64)
                return (lowRank[i, j] + lowRank[j, i]) / 2
            })
            for a in [b, lowRank, DenseMatrix(rows: 5, columns: 5), DenseMatrix([[4]])] {
                let jacobi = try SymmetricEigendecomposition(a), ql = try SymmetricEigendecomposition(a, method: .tridiagonalQL)
                let scale = max(1, a.maxAbs)
                #expect(maxAbsDifference(jacobi.values, ql.values) < 1e-12 * scale * Double(a.rows))
                #expect(orthonormalityError(ql.vectors) < 1e-12)
                var scaled = ql.vectors
                for i in 0..<a.rows { for j in 0..<a.rows { scaled[i, j] *= ql.values[j] } }
                #expect(maxDifference(scaled.multiplied(by: ql.vectors, transposingOther: true), a) < 1e-12 * scale * Double(a.rows))
            }
        }

        @Test("Tensor eigh on Float32 input, diagonal input, and errors")
        func tensorAndErrors() throws {
            let (values, vectors) = try Tensor([[2, 1], [1, 2]] as [[Float]]).eigh()
            #expect(values.dtype == .float64 && isClose(values.doubles, [1, 3], atol: 1e-14, rtol: 0))
            let half = (0.5 as Double).squareRoot()
            #expect(isClose(vectors.doubles.map(Swift.abs), [half, half, half, half], atol: 1e-14, rtol: 0))
            let diagonal = try SymmetricEigendecomposition(DenseMatrix([[3, 0], [0, -1]]))
            #expect(diagonal.values == [-1, 3] && diagonal.sweeps == 0)
            #expect(throws: LinearAlgebraError.notSquare(shape: [2, 3])) { try SymmetricEigendecomposition(DenseMatrix(rows: 2, columns: 3)) }
            #expect(throws: LinearAlgebraError.nonFinite) { try SymmetricEigendecomposition(DenseMatrix([[.nan]])) }
            let random = TestMatrices.spd(10, seed: 60)
            #expect(throws: LinearAlgebraError.didNotConverge(iterations: 1)) {
                try SymmetricEigendecomposition(random, maximumSweeps: 1)
            }
            #expect(try SymmetricEigendecomposition(random).sweeps > 1)
        }
    }
}
