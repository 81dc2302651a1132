import ClassicML
import Tensors
import Testing
import TestSupport

@Suite("Lasso")
struct LassoTests {
    @Test func matchesScikitLearn() throws {
        try checkRegressorParity(Lasso(alpha: 0.1, maxIterations: 100_000, tolerance: 1e-10), name: "Lasso")
    }

    @Test func conformance() throws {
        let data = try syntheticRegression()
        try checkEstimator(Lasso(alpha: 0.1), x: data.xTrain, y: data.yTrain) { m, x throws(ClassicMLError) in try m.predict(x) }
    }

    @Test func largeAlphaSelectsNothing() throws {
        let data = try syntheticRegression()
        let model = try Lasso(alpha: 1e6).fit(data.xTrain, data.yTrain)
        #expect(model.coefficients.allSatisfy { $0 == 0 })
        let mean = data.yTrain.doubles.reduce(0, +) / Double(data.yTrain.shape[0])
        #expect(abs(model.intercept - mean) < 1e-9)
    }

    @Test func reportsIterationsAndNonConvergence() throws {
        let data = try syntheticRegression()
        let early = try Lasso(alpha: 0.01, maxIterations: 1, tolerance: 1e-12).fit(data.xTrain, data.yTrain)
        #expect(!early.converged && early.iterations == 1)
        let full = try Lasso(alpha: 0.1).fit(data.xTrain, data.yTrain)
        #expect(full.converged && (full.iterations ?? 0) >= 1)
        #expect(try LinearRegression().fit(data.xTrain, data.yTrain).iterations == nil)
    }

    @Test func badHyperparameters() throws {
        let x = Tensor([1.0, 2, 3, 4], shape: [2, 2]), y = Tensor([1.0, 2])
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "alpha", value: "-0.5", expected: "a finite number ≥ 0")) {
            _ = try Lasso(alpha: -0.5).fit(x, y)
        }
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "maxIterations", value: "0", expected: "an integer ≥ 1")) {
            _ = try Lasso(maxIterations: 0).fit(x, y)
        }
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "tolerance", value: "0.0", expected: "a finite number > 0")) {
            _ = try Lasso(tolerance: 0).fit(x, y)
        }
    }
}
