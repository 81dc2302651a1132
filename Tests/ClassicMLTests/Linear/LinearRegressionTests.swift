import ClassicML
import Tensors
import Testing
import TestSupport

@Suite("LinearRegression")
struct LinearRegressionTests {
    @Test func matchesScikitLearn() throws {
        try checkRegressorParity(LinearRegression(), name: "LinearRegression")
    }

    @Test func conformance() throws {
        let data = try syntheticRegression()
        try checkEstimator(LinearRegression(), x: data.xTrain, y: data.yTrain) { m, x throws(ClassicMLError) in try m.predict(x) }
        try checkEstimator(LinearRegression(fitIntercept: false), x: data.xTrain, y: data.yTrain) { m, x throws(ClassicMLError) in try m.predict(x) }
    }

    @Test func exactLineAndCollinearColumns() throws {
        // y = 2 + 3·x₁ with a duplicated column: minimum-norm split of the weight, exact intercept.
        let xs: [Double] = [0, 0, 1, 1, 2, 2, 3, 3]
        let model = try LinearRegression().fit(Tensor(xs, shape: [4, 2]), Tensor([2.0, 5, 8, 11]))
        #expect(isClose(model.coefficients, [1.5, 1.5], atol: 1e-12, rtol: 0))
        #expect(abs(model.intercept - 2) < 1e-12)
        let origin = try LinearRegression(fitIntercept: false).fit(Tensor([1.0, 2, 3], shape: [3, 1]), Tensor([2.0, 4, 6]))
        #expect(abs(origin.coefficients[0] - 2) < 1e-12 && origin.intercept == 0)
    }

    @Test func badInput() throws {
        let x = Tensor([1.0, 2, 3, 4], shape: [2, 2])
        #expect(throws: ClassicMLError.invalidTargets("this model needs targets y")) { _ = try LinearRegression().fit(x, nil) }
        #expect(throws: ClassicMLError.invalidShape(expected: "a 2-D [samples, features] matrix", found: [4])) {
            _ = try LinearRegression().fit(Tensor([1.0, 2, 3, 4]), Tensor([1.0, 2, 3, 4]))
        }
        #expect(throws: ClassicMLError.nonFinite(row: 1, column: 0)) {
            _ = try LinearRegression().fit(Tensor([1.0, 2, .infinity, 4], shape: [2, 2]), Tensor([1.0, 2]))
        }
        #expect(throws: ClassicMLError.invalidTargets("target at row 1 is NaN or infinite")) {
            _ = try LinearRegression().fit(x, Tensor([1.0, .nan]))
        }
    }
}

@Suite("Linear model archives")
struct LinearModelArchiveTests {
    @Test func damagedOrForeignArchivesThrow() throws {
        let data = try syntheticRegression()
        let model = try Ridge().fit(data.xTrain, data.yTrain)
        var archive = try model.archive()
        #expect(throws: ClassicMLError.invalidArchive("the file holds a Ridge, not a Lasso")) { _ = try FittedLasso(archive: archive) }
        archive.tensors["coefficients"] = Tensor([1.0, 2, 3, 4], shape: [2, 2])
        #expect(throws: ClassicMLError.invalidArchive("tensor 'coefficients' has shape [2, 2], expected [features]")) {
            _ = try FittedRidge(archive: archive)
        }
        archive.tensors = [:]
        #expect(throws: ClassicMLError.invalidArchive("tensor 'coefficients' is missing")) { _ = try FittedRidge(archive: archive) }

        let (x, y, columns) = try LinearData.bundled("iris")
        var logistic = try LogisticRegression().fit(Tensor(x, shape: [y.count, columns]), Tensor(y)).archive()
        logistic.tensors["intercepts"] = Tensor([0.0, 0], shape: [2])
        #expect(throws: ClassicMLError.invalidArchive("tensor 'intercepts' has shape [2], expected [3]")) {
            _ = try FittedLogisticRegression(archive: logistic)
        }
    }

    @Test func float32InputFitsTheSameModel() throws {
        let data = try syntheticRegression()
        let x32 = Tensor(data.xTrain.doubles.map { Float($0) }, shape: data.xTrain.shape)
        let narrow = try LinearRegression().fit(x32, data.yTrain), wide = try LinearRegression().fit(Tensor(x32.doubles, shape: x32.shape), data.yTrain)
        #expect(narrow.coefficients == wide.coefficients && narrow.intercept == wide.intercept)
        #expect(try narrow.predict(x32).dtype == .float64)
    }
}
