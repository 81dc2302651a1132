import ClassicML
import Tensors
import Testing
import TestSupport

@Suite("ElasticNet")
struct ElasticNetTests {
    @Test func matchesScikitLearn() throws {
        try checkRegressorParity(ElasticNet(alpha: 0.1, l1Ratio: 0.5, maxIterations: 100_000, tolerance: 1e-10), name: "ElasticNet")
    }

    @Test func conformance() throws {
        let data = try syntheticRegression()
        try checkEstimator(ElasticNet(alpha: 0.1, l1Ratio: 0.5), x: data.xTrain, y: data.yTrain) { m, x throws(ClassicMLError) in try m.predict(x) }
    }

    @Test func l1RatioOneIsTheLasso() throws {
        let data = try syntheticRegression()
        let enet = try ElasticNet(alpha: 0.1, l1Ratio: 1).fit(data.xTrain, data.yTrain)
        let lasso = try Lasso(alpha: 0.1).fit(data.xTrain, data.yTrain)
        #expect(enet.coefficients == lasso.coefficients && enet.intercept == lasso.intercept)
    }

    @Test func badHyperparameters() throws {
        let x = Tensor([1.0, 2, 3, 4], shape: [2, 2]), y = Tensor([1.0, 2])
        for ratio in [-0.1, 1.5, .nan] {
            #expect(throws: ClassicMLError.invalidHyperparameter(name: "l1Ratio", value: "\(ratio)", expected: "a number in [0, 1]")) {
                _ = try ElasticNet(l1Ratio: ratio).fit(x, y)
            }
        }
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "alpha", value: "inf", expected: "a finite number ≥ 0")) {
            _ = try ElasticNet(alpha: .infinity).fit(x, y)
        }
    }
}
