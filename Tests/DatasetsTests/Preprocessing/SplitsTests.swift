// Splits: determinism from the seed, stratified proportions, scikit-learn's unshuffled folds.
import Testing
@testable import Datasets
import Tensors
import TestSupport

@Suite("Splits")
struct SplitsTests {
    @Test("trainTestSplit: sizes, disjoint cover, rows follow indices, same seed same split")
    func trainTest() throws {
        let x = Tensor((0..<100).map(Float.init), shape: [50, 2])
        let y = Tensor((0..<50).map { Int64($0) })
        let s = try trainTestSplit(x, y, testFraction: 0.3, seed: 42)
        #expect(s.testIndices.count == 15 && s.trainIndices.count == 35)
        #expect(Set(s.trainIndices + s.testIndices) == Set(0..<50))
        #expect(s.yTest.integers == s.testIndices && s.yTrain.integers == s.trainIndices)
        #expect(s.xTest.scalars == s.testIndices.flatMap { [Float(2 * $0), Float(2 * $0 + 1)] })
        #expect(s.yTrain.dtype == .int64)
        let again = try trainTestSplit(x, y, testFraction: 0.3, seed: 42)
        #expect(again.testIndices == s.testIndices && again.trainIndices == s.trainIndices)
        #expect(try trainTestSplit(x, y, testFraction: 0.3, seed: 43).testIndices != s.testIndices)
        #expect(datasetError { _ = try trainTestSplit(x, y, testFraction: 1.5, seed: 0) } != nil)
        #expect(datasetError { _ = try trainTestSplit(x, Tensor.zeros([3]), seed: 0) } == .rowCountMismatch(features: 50, targets: 3))
    }

    @Test("stratified split keeps class proportions (iris: 10 of each class in 30)")
    func stratified() throws {
        let iris = try BundledDataset.iris.load()
        let s = try trainTestSplit(iris.features, iris.targets!, testFraction: 0.2, stratify: true, seed: 7)
        var counts = [0, 0, 0]
        for c in s.yTest.integers { counts[c] += 1 }
        #expect(counts == [10, 10, 10])
        // Unequal classes: 60/30/10 rows, 25% test → 15/8/2 or thereabouts, proportional within one row.
        let labels = [Double](repeating: 0, count: 60) + [Double](repeating: 1, count: 30) + [Double](repeating: 2, count: 10)
        let (train, test) = try trainTestSplitIndices(count: 100, testFraction: 0.25, stratifyBy: labels, seed: 1)
        let testCounts = [0, 1, 2].map { k in test.filter { labels[$0] == Double(k) }.count }
        #expect(test.count == 25 && train.count == 75)
        #expect(testCounts == [15, 7, 3] || testCounts == [15, 8, 2])
        #expect(apportion(25, among: [60, 30, 10]) == [15, 8, 2])
        #expect(datasetError { _ = try trainTestSplitIndices(count: 3, stratifyBy: [0, 0, 1], seed: 0) } != nil)
    }

    @Test("KFold without shuffle equals sklearn; shuffled folds are a seeded partition")
    func kfold() throws {
        let r = try ReferenceFixture.load().splits
        let folds = try KFold(splits: 5).folds(count: 23)
        #expect(folds.map(\.test) == r.kfold_23_5)
        for f in folds { #expect(Set(f.train).isDisjoint(with: f.test) && f.train.count + f.test.count == 23) }
        let a = try KFold(splits: 4, shuffle: true, seed: 9).folds(count: 30)
        let b = try KFold(splits: 4, shuffle: true, seed: 9).folds(count: 30)
        #expect(a == b)
        #expect(a.map(\.test.count) == [8, 8, 7, 7])
        #expect(Set(a.flatMap(\.test)) == Set(0..<30))
        #expect(a.map(\.test) != folds.map(\.test))
        #expect(datasetError { _ = try KFold(splits: 1).folds(count: 5) } != nil)
    }

    @Test("StratifiedKFold without shuffle equals sklearn; shuffled keeps per-fold class counts")
    func stratifiedKFold() throws {
        let r = try ReferenceFixture.load().splits
        let y = r.stratified_y.map(Double.init)
        let folds = try StratifiedKFold(splits: 3).folds(labels: y)
        #expect(folds.map(\.test) == r.stratified_3)
        let shuffled = try StratifiedKFold(splits: 3, shuffle: true, seed: 5).folds(labels: Tensor(y.map(Float.init)))
        #expect(try StratifiedKFold(splits: 3, shuffle: true, seed: 5).folds(labels: y) == shuffled)
        func classCounts(_ idx: [Int]) -> [Int] { (0...2).map { k in idx.filter { y[$0] == Double(k) }.count } }
        #expect(shuffled.map { classCounts($0.test) } == folds.map { classCounts($0.test) })
        #expect(Set(shuffled.flatMap(\.test)) == Set(0..<y.count))
        #expect(datasetError { _ = try StratifiedKFold(splits: 10).folds(labels: y) } != nil)
    }
}
