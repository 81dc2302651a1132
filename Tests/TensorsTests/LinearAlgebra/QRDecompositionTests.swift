// Householder QR, reduced and complete, and its least-squares solve.
import Testing
import TestSupport
@testable import Tensors

extension LinearAlgebraTests {
    @Suite("LinearAlgebra: QR")
    struct QRDecompositionTests {
        @Test("Q·R reconstructs A, Q is orthonormal, R is upper triangular",
              arguments: TestMatrices.shapes.map(\.name))
        func reconstruct(_ name: String) throws {
            let a = TestMatrices.named(name)
            let k = Swift.min(a.rows, a.columns)
            for mode in [QRDecomposition.Mode.reduced, .complete] {
                let qr = try QRDecomposition(a, mode: mode)
                let columns = mode == .reduced ? k : a.rows
                #expect(qr.q.shape == [a.rows, columns] && qr.r.shape == [columns, a.columns], "\(name)")
                #expect(maxDifference(qr.q * qr.r, a) < 1e-10, "\(name) \(mode)")
                #expect(orthonormalityError(qr.q) < 1e-12, "\(name) \(mode)")
                for i in 0..<qr.r.rows { for j in 0..<Swift.min(i, a.columns) { #expect(qr.r[i, j] == 0) } }
            }
        }

        @Test("solve: exact for square systems, least squares for tall ones; wide and rank-deficient throw")
        func solve() throws {
            let square = TestMatrices.random(6, 6, seed: 30), b = TestMatrices.random(6, 1, seed: 31)
            #expect(maxDifference(square * (try QRDecomposition(square).solve(b)), b) < 1e-10)
            let tall = TestMatrices.random(20, 4, seed: 32), y = TestMatrices.random(20, 1, seed: 33)
            let x = try QRDecomposition(tall).solve(y)
            // Normal equations: Aᵀ(Ax − y) = 0.
            let gradient = tall.multiplied(by: tall * x - y, transposingSelf: true)
            #expect(gradient.maxAbs < 1e-12)
            #expect(throws: LinearAlgebraError.shapeMismatch(expected: "rows ≥ columns (5)", found: [3, 5])) {
                try QRDecomposition(TestMatrices.random(3, 5, seed: 1)).solve(DenseMatrix(rows: 3, columns: 1))
            }
            let deficient = TestMatrices.shapes[4].matrix
            #expect(throws: LinearAlgebraError.singular) {
                try QRDecomposition(deficient).solve(DenseMatrix(rows: deficient.rows, columns: 1))
            }
            #expect(throws: LinearAlgebraError.nonFinite) { try QRDecomposition(DenseMatrix([[1, .infinity]])) }
            let (q, r) = try Tensor([[3, 1], [4, 2]] as [[Float]]).qr()
            #expect(q.dtype == .float64 && r.shape == [2, 2] && Swift.abs(Swift.abs(r[element: 0, 0]) - 5) < 1e-12)
        }
    }
}
