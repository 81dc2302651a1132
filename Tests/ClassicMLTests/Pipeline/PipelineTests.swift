import ClassicML
import Datasets
import Foundation
import Tensors
import Testing
import TestSupport

@Suite("Pipeline")
struct PipelineTests {
    @Test func scalerThenLogisticEqualsManualScalingThenFitting() throws {
        let (x, y) = try modelSelectionData("breast_cancer")
        let (xTrain, yTrain) = (x.narrowed(axis: 0, start: 0, length: 400), y.narrowed(axis: 0, start: 0, length: 400))
        let xTest = x.narrowed(axis: 0, start: 400, length: 169)
        let pipeline = try Pipeline(steps: [.standardScaler(StandardScaler())], estimator: LogisticRegression()).fit(xTrain, yTrain)
        let scaler = try StandardScaler().fit(xTrain)
        let manual = try LogisticRegression().fit(try scaler.transform(xTrain), yTrain)
        #expect(pipeline.estimator.coefficients == manual.coefficients)
        #expect(try pipeline.predictProbabilities(xTest).doubles == manual.predictProbabilities(try scaler.transform(xTest)).doubles)
        #expect(try pipeline.predict(xTest).doubles == manual.predict(try scaler.transform(xTest)).doubles)
        #expect(pipeline.classes == [0, 1])
    }

    @Test func passesTheEstimatorChecks() throws {
        let (x, y) = try modelSelectionData("iris")
        let classifier = Pipeline(steps: [.minMaxScaler(MinMaxScaler(featureRange: -1...1)), .standardScaler(StandardScaler())],
                                  estimator: LogisticRegression())
        try checkEstimator(classifier, x: x, y: y) { (model, x) throws(ClassicMLError) in try model.predictProbabilities(x) }
        let regressor = Pipeline(steps: [.standardScaler(StandardScaler(withMean: false))], estimator: Ridge(alpha: 0.5))
        try checkEstimator(regressor, x: x, y: Tensor(x.doubles.enumerated().filter { $0.offset % 4 == 0 }.map(\.element), shape: [150])) {
            (model, x) throws(ClassicMLError) in try model.predict(x)
        }
    }

    @Test func crossValidatesAndSearchesLikeAnyModel() throws {
        let (x, y) = try modelSelectionData("wine")
        let folds = FoldStrategy.stratified(StratifiedKFold(splits: 3))
        let search = GridSearch(grid: ["c": [0.01, 1]], folds: folds, scoring: .accuracy) { p throws(ClassicMLError) in
            Pipeline(steps: [.standardScaler(StandardScaler())], estimator: LogisticRegression(c: try p.double("c")))
        }
        let result = try search.fit(x, y)
        #expect(result.bestScore > 0.9)
        let best = try crossValidate(Pipeline(steps: [.standardScaler(StandardScaler())], estimator: LogisticRegression(c: try result.bestParameters.double("c"))),
                                     x, y, folds: folds, scoring: .accuracy)
        #expect(best == result.results[result.bestIndex])
    }

    @Test func aDamagedArchiveIsRejected() throws {
        let (x, y) = try modelSelectionData("iris")
        let model = try Pipeline(steps: [.standardScaler(StandardScaler()), .minMaxScaler(MinMaxScaler())], estimator: Ridge()).fit(x, y)
        var archive = try model.archive()
        #expect(archive.tensors.keys.contains { $0.hasPrefix("estimator.") })
        archive.tensors["step1.offset"] = Tensor([0, 0, 0] as [Double])
        #expect(throws: ClassicMLError.invalidArchive("tensor 'step1.offset' has shape [3], expected [4]")) {
            try FittedPipeline<FittedRidge>(archive: archive)
        }
        archive.tensors["step1.offset"] = nil
        #expect(throws: ClassicMLError.invalidArchive("tensor 'step1.offset' is missing")) { try FittedPipeline<FittedRidge>(archive: archive) }
    }

    @Test func aFileOfAnotherKindIsRejected() throws {
        let (x, y) = try modelSelectionData("iris")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-pipeline-\(UInt64.random(in: 0...UInt64.max)).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try LogisticRegression().fit(x, y).save(to: url)
        #expect(throws: ClassicMLError.invalidArchive("the file holds a LogisticRegression, not a Pipeline")) {
            try FittedPipeline<FittedLogisticRegression>.load(from: url)
        }
    }
}
