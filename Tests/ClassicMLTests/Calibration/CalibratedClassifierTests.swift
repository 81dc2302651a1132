// CalibratedClassifier against scikit-learn's CalibratedClassifierCV (Tests/Fixtures/classicml/calibrated.json,
// scripts/reference/make_calibrated_classifier_fixtures.py), and its conformance and bad-input paths.
import ClassicML
import Datasets
import Evaluation
import Foundation
import Tensors
import Testing
import TestSupport

struct CalibratedFixtures: Decodable {
    struct Case: Decodable {
        let dataset: String, method: String, train: [Int], test: [Int]
        let probabilities: [Double], plain_probabilities: [Double], accuracy: Double
    }
    let cases: [Case]
    static let shared: CalibratedFixtures = try! Fixtures.json("classicml/calibrated.json")
}

@Suite("CalibratedClassifier")
struct CalibratedClassifierTests {
    /// (train x, train y, test x, test y) of a fixture case; wine standardised with the training rows' statistics.
    func data(_ c: CalibratedFixtures.Case) throws -> (Tensor, Tensor, Tensor, Tensor) {
        let d = try BundledDataset.load(c.dataset)
        let x = d.features.to(.float64), y = d.targets!.to(.float64)
        var (xTrain, xTest) = (x.rows(c.train), x.rows(c.test))
        if c.dataset == "wine" {
            let scaler = try StandardScaler().fit(xTrain)
            (xTrain, xTest) = (try scaler.transform(xTrain), try scaler.transform(xTest))
        }
        return (xTrain, y.rows(c.train), xTest, y.rows(c.test))
    }

    @Test(arguments: CalibratedFixtures.shared.cases.indices)
    func matchesScikitLearn(index: Int) throws {
        let c = CalibratedFixtures.shared.cases[index]
        let (xTrain, yTrain, xTest, _) = try data(c)
        let method = CalibrationMethod(rawValue: c.method)!
        let model = try CalibratedClassifier(estimator: GaussianNB(), method: method).fit(xTrain, yTrain)
        let p = try model.predictProbabilities(xTest).doubles
        #expect(p.count == c.probabilities.count)
        let plain = try GaussianNB().fit(xTrain, yTrain).predictProbabilities(xTest).doubles
        #expect(zip(plain, c.plain_probabilities).map { abs($0 - $1) }.max()! < 1e-7, "the wrapped GaussianNB already differs")
        // Platt's Newton fit agrees to ~1e-6; isotonic thresholds are exact but the ratios of Float sums differ in the last bits.
        let tolerance = method == .sigmoid ? 1e-5 : 1e-7
        let worst = zip(p, c.probabilities).map { abs($0 - $1) }.max()!
        #expect(worst < tolerance, "\(c.dataset) \(c.method): largest difference \(worst)")
    }

    @Test func calibrationLowersTheExpectedCalibrationErrorOfNaiveBayes() throws {
        // GaussianNB is famously over-confident on correlated features (breast cancer).
        let c = CalibratedFixtures.shared.cases.first { $0.dataset == "breast_cancer" && $0.method == "isotonic" }!
        let (xTrain, yTrain, xTest, yTest) = try data(c)
        let labels = yTest.doubles.map { Int($0) }
        let plain = try GaussianNB().fit(xTrain, yTrain).predictProbabilities(xTest)
        let calibrated = try CalibratedClassifier(estimator: GaussianNB(), method: .isotonic).fit(xTrain, yTrain).predictProbabilities(xTest)
        let rows = { (t: Tensor) in (0..<t.shape[0]).map { i in [t.doubles[2 * i], t.doubles[2 * i + 1]] } }
        let before = try CalibrationMetrics.expectedCalibrationError(labels, probabilities: rows(plain), bins: 10)
        let after = try CalibrationMetrics.expectedCalibrationError(labels, probabilities: rows(calibrated), bins: 10)
        #expect(after < before, "ECE \(before) → \(after)")
    }

    @Test(arguments: CalibrationMethod.allCases)
    func conformsToTheEstimatorChecks(method: CalibrationMethod) throws {
        let d = try BundledDataset.load("iris")
        let estimator = CalibratedClassifier(estimator: LogisticRegression(), method: method, folds: 3, seed: 1)
        try checkEstimator(estimator, x: d.features.to(.float64), y: d.targets!.to(.float64)) { (m, x) throws(ClassicMLError) in
            try m.predictProbabilities(x)
        }
        let model = try estimator.fit(d.features.to(.float64), d.targets!.to(.float64))
        let p = try model.predictProbabilities(d.features.to(.float64)).doubles
        for i in 0..<150 { #expect(abs(p[3 * i] + p[3 * i + 1] + p[3 * i + 2] - 1) < 1e-9) }
    }

    @Test func badSettingsGiveTypedErrors() throws {
        let d = try BundledDataset.load("iris")
        let (x, y) = (d.features.to(.float64), d.targets!.to(.float64))
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "folds", value: "1", expected: "at least 2")) {
            _ = try CalibratedClassifier(estimator: GaussianNB(), folds: 1).fit(x, y)
        }
        // 60 folds of iris: a class has 50 rows, fewer than the folds.
        #expect(throws: ClassicMLError.self) { _ = try CalibratedClassifier(estimator: GaussianNB(), folds: 60).fit(x, y) }
        #expect(throws: ClassicMLError.self) { _ = try CalibratedClassifier(estimator: GaussianNB()).fit(x, Tensor.zeros([150], dtype: .float64)) }
    }
}
