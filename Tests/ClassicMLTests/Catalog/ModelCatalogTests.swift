// The model catalogue: every model builds by name with its defaults, fits, saves and loads back through the
// type-erased model; hyperparameter text parses or is rejected with what was expected.
import ClassicML
import Datasets
import Foundation
import Tensors
import Testing
import TestSupport

@Suite("Model catalogue")
struct ModelCatalogTests {
    static let iris: (x: Tensor, y: Tensor) = {
        let d = try! BundledDataset.load("iris")
        return (d.features.to(.float64), d.targets!.to(.float64))
    }()

    /// A regression target from iris: petal width from the other three measurements.
    static let regression: (x: Tensor, y: Tensor) = {
        let x = iris.x.doubles
        let features = (0..<150).flatMap { i in x[(i * 4)..<(i * 4 + 3)] }
        return (Tensor(features, shape: [150, 3]), Tensor((0..<150).map { x[$0 * 4 + 3] }, shape: [150]))
    }()

    @Test(arguments: ModelCatalog.models.map(\.name))
    func everyModelFitsSavesAndLoadsWithItsDefaults(name: String) throws {
        let entry = try ModelCatalog.model(named: name)
        for task in entry.tasks {
            let (x, y) = task == .classification ? Self.iris : Self.regression
            let (estimator, parameters) = try entry.estimator(for: task, options: [:])
            #expect(Set(parameters.keys) == Set(entry.hyperparameters.map(\.name)))
            try checkEstimator(estimator, x: x, y: y, acceptsNaN: entry.acceptsMissingValues) { (m, x) throws(ClassicMLError) in try m.predict(x) }
            let model = try estimator.fit(x, y)
            #expect(model.isClassifier == (task == .classification))
            if task == .classification {
                if ["svc", "linear-svc"].contains(name) {
                    // Margin classifiers (SVC without probability: true, LinearSVC) give labels only.
                    #expect(throws: ClassicMLError.probabilitiesNotFitted(model: name == "svc" ? "SVC" : "linear-svc")) {
                        _ = try model.predictProbabilities(x)
                    }
                } else {
                    #expect(try model.predictProbabilities(x).shape == [150, 3])
                }
                let accuracy = zip(try model.predict(x).doubles, y.doubles).filter { $0 == $1 }.count
                #expect(accuracy >= 120, "\(name) fits iris poorly: \(accuracy)/150")
            } else {
                let r2 = RegressionMetricsCheck.r2(y.doubles, try model.predict(x).doubles)
                // Lasso's default alpha = 1 on raw features shrinks hard (R² ≈ 0.37); the rest reach ≥ 0.9.
                #expect(r2 > 0.3, "\(name) fits the regression poorly: R² \(r2)")
                #expect(throws: ClassicMLError.self) { _ = try model.predictProbabilities(x) }
            }
        }
    }

    @Test func hyperparametersParseOrSayWhatIsExpected() throws {
        let forest = try ModelCatalog.model(named: "random-forest")
        let (_, p) = try forest.estimator(for: .classification, options: ["tree-count": "7", "max-depth": "none", "bootstrap": "no"])
        #expect(p["tree-count"] == .int(7))
        #expect(p["max-depth"] == .string("none"))
        #expect(p["bootstrap"] == .string("false"))
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "tree-count", value: "0", expected: "an integer in [1, 100000]")) {
            _ = try forest.estimator(for: .classification, options: ["tree-count": "0"])
        }
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "bootstrap", value: "maybe", expected: "true or false")) {
            _ = try forest.estimator(for: .classification, options: ["bootstrap": "maybe"])
        }
        #expect(throws: ClassicMLError.self) { _ = try forest.estimator(for: .classification, options: ["trees": "7"]) }
        #expect(throws: ClassicMLError.self) { _ = try ModelCatalog.model(named: "svm-of-dreams") }
        let ridge = try ModelCatalog.model(named: "ridge")
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "task", value: "classification", expected: "regression for ridge")) {
            _ = try ridge.estimator(for: .classification, options: [:])
        }
        #expect(throws: ClassicMLError.self) { _ = try ridge.estimator(for: .regression, options: ["alpha": "nan"]) }
    }

    @Test func aHyperparameterReachesTheModel() throws {
        let tree = try ModelCatalog.model(named: "decision-tree")
        let (shallow, _) = try tree.estimator(for: .classification, options: ["max-depth": "1"])
        let model = try shallow.fit(Self.iris.x, Self.iris.y)
        // A stump separates at most two of the three iris classes.
        #expect(Set(try model.predict(Self.iris.x).doubles).count == 2)
    }

    @Test func aFileOfAnotherKindIsRejected() throws {
        let kmeans = try KMeans(clusters: 3, seed: 0).fit(Self.iris.x)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-kmeans-\(UInt64.random(in: 0...UInt64.max)).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try kmeans.save(to: url)
        #expect(throws: ClassicMLError.self) { _ = try AnyFittedModel.load(from: url) }
    }
}

@Suite("Classical runs")
struct ClassicRunTests {
    @Test func bootstrapIntervalIsSeededAndBracketsTheScore() {
        let truth = (0..<200).map { Double($0 % 3) }
        let predicted = truth.enumerated().map { $0.offset % 5 == 0 ? Double(($0.offset + 1) % 3) : $0.element }
        let accuracy = RunMetric.standard(for: .classification)[0]
        let a = BootstrapInterval.of(accuracy, truth: truth, predicted: predicted, seed: 1)
        let b = BootstrapInterval.of(accuracy, truth: truth, predicted: predicted, seed: 1)
        #expect(a == b)
        #expect(a.low < 0.8 && 0.8 < a.high)
        #expect(a.high - a.low < 0.15)
    }

    @Test func fitAndCrossValidateOnATable() throws {
        let table = try BundledDataset.load("wine")
        var options = ClassicRunOptions(model: "logistic-regression")
        options.hyperparameters = ["c": "0.5"]
        let (config, model) = try ClassicRun.fit(table, dataName: "wine", options: options)
        #expect(config.scaled)
        #expect(config.trainRows + (config.testRows ?? 0) == 178)
        #expect(config.metrics.map(\.name) == ["accuracy", "balanced_accuracy", "f1_macro"])
        #expect(config.metrics[0].value > 0.9)
        let x = try ClassicRun.features(of: table, for: config)
        #expect(try model.predict(x).shape == [178])

        options.folds = 3
        let (cv, _) = try ClassicRun.crossValidate(table, dataName: "wine", options: options)
        #expect(cv.metrics[0].folds?.count == 3)
        #expect(cv.trainRows == 178)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("classic-run-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: dir) }
        try ClassicRun.save(config, model: model, to: dir)
        #expect(ClassicRun.isClassicRun(dir))
        let (loadedConfig, loaded) = try ClassicRun.load(from: dir)
        #expect(loadedConfig == config)
        #expect(try loaded.predictProbabilities(x).doubles == (try model.predictProbabilities(x).doubles))
    }

    @Test func missingValuesNameTheColumnUnlessImputed() throws {
        var table = try BundledDataset.load("iris")
        var values = table.features.scalars
        values[5 * 4 + 2] = .nan
        table.features = Tensor(values, shape: table.features.shape)
        let options = ClassicRunOptions(model: "knn")
        do {
            _ = try ClassicRun.fit(table, dataName: "iris", options: options)
            Issue.record("NaN features were accepted")
        } catch let ClassicMLError.nonFiniteFeature(row, column, value) {
            #expect(row == 5 && column == table.featureNames[2] && value.isNaN)
        }
        var imputed = options
        imputed.impute = .median
        let (config, _) = try ClassicRun.fit(table, dataName: "iris", options: imputed)
        #expect(config.impute != nil)
    }
}

/// R² computed here so the test does not lean on the code it checks.
enum RegressionMetricsCheck {
    static func r2(_ y: [Double], _ p: [Double]) -> Double {
        let mean = y.reduce(0, +) / Double(y.count)
        let ssRes = zip(y, p).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let ssTot = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return 1 - ssRes / ssTot
    }
}
