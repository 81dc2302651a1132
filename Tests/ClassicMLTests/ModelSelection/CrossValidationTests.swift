import ClassicML
import Datasets
import Kernels
import Tensors
import Testing

/// Bundled data as Float64 features and targets.
func modelSelectionData(_ name: String) throws -> (x: Tensor, y: Tensor) {
    let data = try BundledDataset.load(name)
    return (Tensor(data.features.doubles, shape: data.features.shape), Tensor(data.targets!.doubles, shape: [data.rowCount]))
}

@Suite("CrossValidation")
struct CrossValidationTests {
    @Test func scoresEqualAManualLoopOverTheSameFolds() throws {
        let (x, y) = try modelSelectionData("iris")
        let model = LogisticRegression(c: 0.5)
        let cv = try crossValidate(model, x, y, folds: .stratified(StratifiedKFold(splits: 5)), scoring: .accuracy)
        let folds = try StratifiedKFold(splits: 5).folds(labels: y)
        let manual = try KernelThreads.with(1) {
            try folds.map { fold in
                let fitted = try model.fit(x.rows(fold.train), y.rows(fold.train))
                let predicted = try fitted.predict(x.rows(fold.test)).doubles, truth = y.rows(fold.test).doubles
                return Double(zip(predicted, truth).filter { $0 == $1 }.count) / Double(truth.count)
            }
        }
        #expect(cv.scores == manual)
        #expect(cv.mean > 0.9)
        let mean = manual.reduce(0, +) / 5
        #expect(abs(cv.mean - mean) < 1e-15)
        #expect(abs(cv.standardDeviation - (manual.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 5).squareRoot()) < 1e-15)
    }

    @Test func balancedAccuracyIsTheMeanRecallOfEachFold() throws {
        let (x, y) = try modelSelectionData("wine")
        let folds = try KFold(splits: 3).folds(count: 178)   // unshuffled: folds with unbalanced classes
        let cv = try crossValidate(KNeighborsClassifier(neighbors: 5), x, y, folds: .explicit(folds), scoring: .balancedAccuracy)
        for (fold, score) in zip(folds, cv.scores) {
            let predicted = try KNeighborsClassifier(neighbors: 5).fit(x.rows(fold.train), y.rows(fold.train)).predict(x.rows(fold.test)).doubles
            let truth = y.rows(fold.test).doubles
            let recalls = Set(truth).sorted().map { c in
                Double(zip(truth, predicted).filter { $0.0 == c && $0.1 == c }.count) / Double(truth.filter { $0 == c }.count)
            }
            #expect(abs(score - recalls.reduce(0, +) / Double(recalls.count)) < 1e-12)
        }
    }

    @Test func regressionScorersMatchTheirMetrics() throws {
        let (data, _) = try modelSelectionData("iris")
        let x = Tensor(data.doubles.enumerated().filter { $0.offset % 4 != 0 }.map(\.element), shape: [150, 3])
        let y = Tensor(data.doubles.enumerated().filter { $0.offset % 4 == 0 }.map(\.element), shape: [150])
        let folds = FoldStrategy.kFold(KFold(splits: 4, shuffle: true, seed: 3))
        let mse = try crossValidate(Ridge(alpha: 1), x, y, folds: folds, scoring: .negMeanSquaredError)
        let r2 = try crossValidate(Ridge(alpha: 1), x, y, folds: folds, scoring: .r2)
        #expect(mse.scores.count == 4 && mse.scores.allSatisfy { $0 < 0 && $0 > -0.5 })
        #expect(r2.scores.allSatisfy { $0 > 0.7 && $0 <= 1 })
    }

    @Test func parallelEqualsSerial() throws {
        let (x, y) = try modelSelectionData("wine")
        let scaled = try StandardScaler().fit(x).transform(x)
        let folds = FoldStrategy.kFold(KFold(splits: 4, shuffle: true, seed: 1))
        let parallel = try KernelThreads.with(2) { try crossValidate(LogisticRegression(), scaled, y, folds: folds, scoring: .accuracy) }
        let serial = try KernelThreads.with(1) { try crossValidate(LogisticRegression(), scaled, y, folds: folds, scoring: .accuracy) }
        #expect(parallel == serial)
    }

    @Test func groupedFoldsKeepGroupsTogether() throws {
        let (x, y) = try modelSelectionData("iris")
        let groups = (0..<150).map { Double($0 / 10) }
        let cv = try crossValidate(KNeighborsClassifier(neighbors: 3), x, y,
                                   folds: .grouped(GroupKFold(splits: 3), groups: groups), scoring: .accuracy)
        #expect(cv.scores.count == 3)
    }

    @Test func badFoldsGiveTypedErrors() throws {
        let (x, y) = try modelSelectionData("iris")
        #expect(throws: ClassicMLError.tooFewSamples(what: "200-fold cross-validation", needed: 200, found: 150)) {
            try crossValidate(LogisticRegression(), x, y, folds: .kFold(KFold(splits: 200)), scoring: .accuracy)
        }
        #expect(throws: ClassicMLError.groupCountMismatch(rows: 150, groups: 149)) {
            try crossValidate(LogisticRegression(), x, y, folds: .grouped(GroupKFold(splits: 3), groups: [Double](repeating: 0, count: 149)),
                              scoring: .accuracy)
        }
        #expect(throws: ClassicMLError.self) {
            try crossValidate(LogisticRegression(), x, y, folds: .grouped(GroupKFold(splits: 3), groups: [Double](repeating: 0, count: 150)),
                              scoring: .accuracy)
        }
        #expect(throws: ClassicMLError.lengthMismatch(features: 150, targets: 149)) {
            try crossValidate(LogisticRegression(), x, y.narrowed(axis: 0, start: 0, length: 149), folds: .kFold(KFold()), scoring: .accuracy)
        }
    }
}
