// lstsq: solution, residuals, rank and singular values as numpy.linalg.lstsq.
import Testing
import TestSupport
@testable import Tensors

extension LinearAlgebraTests {
    @Suite("LinearAlgebra: least squares")
    struct LeastSquaresTests {
        @Test("matches numpy.linalg.lstsq (over-, under-determined, square, rank-deficient) to 1e-10")
        func numpyParity() throws {
            for case_ in try DecompositionFixtures.load().lstsq {
                let l = try LeastSquares(case_.a.matrix, case_.b.matrix)
                #expect(maxDifference(l.solution, case_.solution.matrix) < 1e-10, "\(case_.name)")
                #expect(l.rank == case_.rank, "\(case_.name)")
                #expect(l.residuals.count == case_.residuals.count, "\(case_.name)")
                #expect(maxAbsDifference(l.residuals, case_.residuals) < 1e-10, "\(case_.name)")
                #expect(maxAbsDifference(l.singularValues, case_.singularValues) < 1e-10, "\(case_.name)")
            }
        }

        @Test("Tensor lstsq with a vector right-hand side; shape errors")
        func tensorAPI() throws {
            // y = 1 + 2x through four points.
            let a = Tensor([[1, 0], [1, 1], [1, 2], [1, 3]] as [[Float]])
            let fit = try a.lstsq(Tensor([1, 3, 5, 7] as [Float]))
            #expect(fit.solution.shape == [2] && isClose(fit.solution.doubles, [1, 2], atol: 1e-12, rtol: 0))
            #expect(fit.rank == 2 && fit.residuals.shape == [1] && fit.residuals.doubles[0] < 1e-20)
            #expect(throws: LinearAlgebraError.shapeMismatch(expected: "a right-hand side with 4 rows", found: [3, 1])) {
                try a.lstsq(Tensor([1, 2, 3] as [Float]))
            }
        }
    }
}
