import ClassicML
import Foundation
import Tensors
import Testing
import TestSupport

@Suite("LogisticRegression")
struct LogisticRegressionTests {
    static let parity = LogisticRegression(c: 1, maxIterations: 10_000, tolerance: 1e-10)

    @Test(arguments: ["breast_cancer", "iris", "wine", "digits"])
    func matchesScikitLearn(dataset: String) throws {
        let reference = try #require(LinearFixture.shared.classification.first { $0.name == dataset })
        let (x, y, columns) = try LinearData.bundled(dataset)
        let data = LinearData.split(x: x, y: y, columns: columns, test: reference.test)
        let model = try Self.parity.fit(data.xTrain, data.yTrain)
        #expect([model.outputs, model.featureCount] == reference.coefficients.shape)
        #expect(model.converged)
        let error = relativeError(model.coefficients + model.intercepts, reference.coefficients.values + reference.intercept)
        #expect(error < 1e-4, "\(dataset): coefficients differ by \(error) relative (\(model.iterations) iterations)")
        let accuracy = try model.score(data.xTest, data.yTest)
        #expect(abs(accuracy - reference.accuracy) <= 0.01, "\(dataset): accuracy \(accuracy) vs \(reference.accuracy)")
    }

    @Test(arguments: [("l1", "breast_cancer"), ("l1", "iris"), ("l1", "wine"), ("elasticNet", "breast_cancer"), ("elasticNet", "wine")])
    func sparsePenaltiesMatchScikitLearnSaga(penalty: String, dataset: String) throws {
        let fixture = LinearFixture.shared
        let cases = penalty == "l1" ? fixture.l1_classification : fixture.elastic_net_classification
        let reference = try #require(cases.first { $0.name == dataset })
        let (x, y, columns) = try LinearData.bundled(dataset)
        let data = LinearData.split(x: x, y: y, columns: columns, test: reference.test)
        let model = try LogisticRegression(c: reference.C, penalty: penalty == "l1" ? .l1 : .elasticNet(l1Ratio: reference.l1_ratio),
                                           maxIterations: 100_000, tolerance: 1e-10)
            .fit(data.xTrain, data.yTrain)
        #expect(model.converged)
        let error = relativeError(model.coefficients + model.intercepts, reference.coefficients.values + reference.intercept)
        #expect(error < 1e-4, "\(penalty) \(dataset): coefficients differ by \(error) relative (\(model.iterations) iterations)")
        // The same features are selected (exact zeros where scikit-learn has them).
        #expect(model.coefficients.map { $0 == 0 } == reference.coefficients.values.map { $0 == 0 })
        let accuracy = try model.score(data.xTest, data.yTest)
        #expect(abs(accuracy - reference.accuracy) <= 0.01, "\(penalty) \(dataset): accuracy \(accuracy) vs \(reference.accuracy)")
    }

    @Test func elasticNetEndsAreL2AndL1() throws {
        let (x, y, columns) = try LinearData.bundled("wine")
        let xs = Tensor(x, shape: [y.count, columns]), ys = Tensor(y)
        let tight = LogisticRegression(maxIterations: 100_000, tolerance: 1e-10)
        for (ratio, penalty) in [(0.0, LogisticRegression.Penalty.l2), (1.0, .l1)] {
            var mixed = tight, pure = tight
            mixed.penalty = .elasticNet(l1Ratio: ratio)
            pure.penalty = penalty
            let a = try mixed.fit(xs, ys), b = try pure.fit(xs, ys)
            #expect(relativeError(a.coefficients + a.intercepts, b.coefficients + b.intercepts) < 1e-6, "l1Ratio \(ratio)")
        }
    }

    @Test func probabilitiesAgreeWithDecisionFunctionAndLabels() throws {
        for dataset in ["breast_cancer", "iris"] {
            let (x, y, columns) = try LinearData.bundled(dataset)
            let xs = Tensor(x, shape: [y.count, columns])
            let model = try LogisticRegression().fit(xs, Tensor(y))
            let p = try model.predictProbabilities(xs), labels = try model.predict(xs).doubles
            let k = model.classes.count
            #expect(p.shape == [y.count, k])
            let probabilities = p.doubles, scores = try model.decisionFunction(xs).doubles
            for i in 0..<y.count {
                let row = Array(probabilities[(i * k)..<((i + 1) * k)])
                #expect(abs(row.reduce(0, +) - 1) < 1e-12)
                #expect(labels[i] == model.classes[row.firstIndex(of: row.max()!)!])
                if k == 2 { #expect(abs(row[1] - 1 / (1 + exp(-scores[i]))) < 1e-12) }
            }
        }
    }

    @Test func arbitraryLabelValues() throws {
        let x = Tensor([-2.0, -1, 1, 2, -1.5, 1.5], shape: [6, 1])
        let model = try LogisticRegression(c: 100).fit(x, Tensor([7.0, 7, 9, 9, 7, 9]))
        #expect(model.classes == [7, 9])
        #expect(try model.predict(x).doubles == [7, 7, 9, 9, 7, 9])
        #expect(try model.score(x, Tensor([7.0, 7, 9, 9, 7, 7])) == 5.0 / 6)
    }

    @Test func reportsNonConvergence() throws {
        let (x, y, columns) = try LinearData.bundled("digits")
        let model = try LogisticRegression(maxIterations: 3).fit(Tensor(x, shape: [y.count, columns]), Tensor(y))
        #expect(!model.converged && model.iterations == 3)
    }

    @Test func conformance() throws {
        let (x, y, columns) = try LinearData.bundled("iris")
        let xs = Tensor(x, shape: [y.count, columns]), ys = Tensor(y)
        try checkEstimator(LogisticRegression(), x: xs, y: ys) { m, x throws(ClassicMLError) in try m.predictProbabilities(x) }
        try checkEstimator(LogisticRegression(fitIntercept: false), x: xs, y: ys) { m, x throws(ClassicMLError) in try m.predict(x) }
        try checkEstimator(LogisticRegression(c: 0.5, penalty: .l1), x: xs, y: ys) { m, x throws(ClassicMLError) in try m.predictProbabilities(x) }
        try checkEstimator(LogisticRegression(penalty: .elasticNet(l1Ratio: 0.3)), x: xs, y: ys) { m, x throws(ClassicMLError) in try m.predict(x) }
        let binary = try LinearData.bundled("breast_cancer")
        try checkEstimator(LogisticRegression(), x: Tensor(binary.x, shape: [binary.y.count, binary.columns]), y: Tensor(binary.y)) {
            m, x throws(ClassicMLError) in try m.decisionFunction(x)
        }
    }

    @Test func badInput() throws {
        let x = Tensor([1.0, 2, 3, 4], shape: [2, 2])
        #expect(throws: ClassicMLError.singleClass(label: 1)) { _ = try LogisticRegression().fit(x, Tensor([1.0, 1])) }
        for c in [0.0, -1, .nan] {
            #expect(throws: ClassicMLError.invalidHyperparameter(name: "c", value: "\(c)", expected: "a finite number > 0")) {
                _ = try LogisticRegression(c: c).fit(x, Tensor([0.0, 1]))
            }
        }
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "l1Ratio", value: "1.5", expected: "a number in [0, 1]")) {
            _ = try LogisticRegression(penalty: .elasticNet(l1Ratio: 1.5)).fit(x, Tensor([0.0, 1]))
        }
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "maxIterations", value: "0", expected: "an integer ≥ 1")) {
            _ = try LogisticRegression(maxIterations: 0).fit(x, Tensor([0.0, 1]))
        }
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "tolerance", value: "-1.0", expected: "a finite number > 0")) {
            _ = try LogisticRegression(tolerance: -1).fit(x, Tensor([0.0, 1]))
        }
        // A regressor's archive is not a logistic regression.
        let ridge = try Ridge().fit(x, Tensor([0.0, 1]))
        #expect(throws: ClassicMLError.invalidArchive("the file holds a Ridge, not a LogisticRegression")) {
            _ = try FittedLogisticRegression(archive: try ridge.archive())
        }
    }
}
