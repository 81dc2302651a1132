import ClassicML
import Tensors
import Testing
import TestSupport

@Suite("Ridge")
struct RidgeTests {
    @Test func matchesScikitLearn() throws {
        try checkRegressorParity(Ridge(alpha: 1), name: "Ridge")
    }

    @Test func conformance() throws {
        let data = try syntheticRegression()
        try checkEstimator(Ridge(alpha: 1), x: data.xTrain, y: data.yTrain) { m, x throws(ClassicMLError) in try m.predict(x) }
    }

    @Test func zeroAlphaIsLeastSquaresAndLargeAlphaShrinks() throws {
        let data = try syntheticRegression()
        let ols = try LinearRegression().fit(data.xTrain, data.yTrain)
        let ridge0 = try Ridge(alpha: 0).fit(data.xTrain, data.yTrain)
        #expect(isClose(ridge0.coefficients, ols.coefficients, atol: 1e-9, rtol: 1e-9))
        // Collinear columns with α = 0: XᵀX is singular and the fit falls back to least squares.
        let collinear = try Ridge(alpha: 0).fit(Tensor([0.0, 0, 1, 1, 2, 2, 3, 3], shape: [4, 2]), Tensor([2.0, 5, 8, 11]))
        #expect(isClose(collinear.coefficients, [1.5, 1.5], atol: 1e-9, rtol: 0))
        let heavy = try Ridge(alpha: 1e9).fit(data.xTrain, data.yTrain)
        #expect(heavy.coefficients.allSatisfy { abs($0) < 1e-3 })
    }

    @Test func badHyperparameters() throws {
        let x = Tensor([1.0, 2, 3, 4], shape: [2, 2]), y = Tensor([1.0, 2])
        for alpha in [-1.0, .nan, .infinity] {
            #expect(throws: ClassicMLError.invalidHyperparameter(name: "alpha", value: "\(alpha)", expected: "a finite number ≥ 0")) {
                _ = try Ridge(alpha: alpha).fit(x, y)
            }
        }
    }
}
