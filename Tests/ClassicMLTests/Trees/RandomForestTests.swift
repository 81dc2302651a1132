import Foundation
import Kernels
import Tensors
import Testing
import TestSupport
@testable import ClassicML

@Suite("Random forests")
struct RandomForestTests {
    @Test(arguments: ["iris", "wine", "breast_cancer"])
    func classifierMatchesScikitLearn(dataset: String) throws {
        let c = TreeFixtures.shared.classification.first { $0.dataset == dataset }!
        let (x, y, testX, testY) = try TreeFixtures.split(c)
        let forest = try RandomForestClassifier(treeCount: 100, seed: 0).fit(x, y)
        let ours = accuracy(try forest.predict(testX), testY)
        print("\(dataset) forest: accuracy \(ours) vs scikit-learn \(c.forest.accuracy)")
        // Another random stream than scikit-learn's: within 2 points (or one test row) of the range its forests span
        // over random_state 0..4.
        let range = c.forest.accuracy_range!, slack = tolerance(points: 0.02, rows: testY.count)
        #expect(ours >= range[0] - slack && ours <= range[1] + slack, "\(dataset): accuracy \(ours), scikit-learn \(range)")
        #expect(abs(forest.featureImportances.reduce(0, +) - 1) < 1e-12)
        let p = try forest.predictProbabilities(testX)
        for i in 0..<testY.count {
            let row = p.doubles[(i * forest.classes.count)..<((i + 1) * forest.classes.count)]
            #expect(abs(row.reduce(0, +) - 1) < 1e-12)
        }
    }

    @Test func digitsClassifierMatchesScikitLearn() throws {
        let c = TreeFixtures.shared.classification.first { $0.dataset == "digits" }!
        let (x, y, testX, testY) = try TreeFixtures.split(c)
        let clock = ContinuousClock(), start = clock.now
        let forest = try RandomForestClassifier(treeCount: 100, seed: 0).fit(x, y)
        let ours = accuracy(try forest.predict(testX), testY)
        print("digits forest: accuracy \(ours) vs scikit-learn \(c.forest.accuracy), fit + predict \(clock.now - start)")
        #expect(abs(ours - c.forest.accuracy) <= 0.02, "digits: accuracy \(ours), scikit-learn \(c.forest.accuracy)")
    }

    @Test func regressorMatchesScikitLearn() throws {
        let (x, y, testX, testY) = TreeFixtures.regressionSplit()
        let reference = TreeFixtures.shared.regression.forest.r2_range!
        let forest = try RandomForestRegressor(treeCount: 100, seed: 0).fit(x, y)
        let ours = r2(try forest.predict(testX), testY)
        print("regression forest: R² \(ours) vs scikit-learn \(reference)")
        #expect(ours >= reference[0] - 0.02 && ours <= reference[1] + 0.02, "R² \(ours), scikit-learn \(reference)")
        #expect(abs(forest.featureImportances.reduce(0, +) - 1) < 1e-12)
    }

    @Test func sameForestAtAnyThreadCount() throws {
        let d = try referenceData("wine")
        let x = Tensor(d.x, shape: [d.rows, d.columns]), y = Tensor(d.y)
        let estimator = RandomForestClassifier(treeCount: 8, seed: 7)
        let parallel = try KernelThreads.with(4) { try estimator.fit(x, y) }
        let serial = try KernelThreads.with(1) { try estimator.fit(x, y) }
        #expect(parallel.trees == serial.trees)
        let other = try RandomForestClassifier(treeCount: 8, seed: 8).fit(x, y)
        #expect(other.trees != parallel.trees)
    }

    @Test func withoutBootstrapAndAllFeaturesEveryTreeIsTheIndexOrderTree() throws {
        let d = try referenceData("iris")
        let x = Tensor(d.x, shape: [d.rows, d.columns]), y = Tensor(d.y)
        let forest = try RandomForestClassifier(treeCount: 3, maxFeatures: .all, bootstrap: false).fit(x, y)
        // A forest's trees examine all features in index order (single trees follow scikit-learn's seeded order, which
        // can choose a different one of several equally good splits): each is the builder's index-order tree.
        let (builder, _) = try TreeBuilder.classification(x, y, criterion: .gini, limits: TreeLimits(), maxFeatures: .all)
        var rng = RandomGenerator(seed: 0)
        let tree = builder.grow(weights: [Double](repeating: 1, count: builder.rows), rng: &rng)
        #expect(forest.trees.allSatisfy { $0 == tree })
        var probabilities = [Double](repeating: 0, count: d.rows * 3)
        tree.accumulate(d.x, rows: d.rows, columns: d.columns, scale: 1, into: &probabilities)
        #expect(try forest.predictProbabilities(x).doubles == probabilities)
        #expect(forest.featureImportances == tree.normalizedImportance)
    }

    @Test func conformance() throws {
        let d = try referenceData("iris")
        let x = Tensor(d.x, shape: [d.rows, d.columns]), y = Tensor(d.y)
        try checkEstimator(RandomForestClassifier(treeCount: 10, limits: TreeLimits(maxDepth: 4), seed: 1), x: x, y: y) { m, x throws(ClassicMLError) in
            try m.predictProbabilities(x)
        }
        let (rx, ry, _, _) = TreeFixtures.regressionSplit()
        try checkEstimator(RandomForestRegressor(treeCount: 10, seed: 1), x: rx, y: ry) { m, x throws(ClassicMLError) in try m.predict(x) }
    }

    @Test func badInput() {
        let x = Tensor([1.0, 2, 3, 4], shape: [2, 2])
        #expect(throws: ClassicMLError.singleClass(label: 2)) { _ = try RandomForestClassifier().fit(x, Tensor([2.0, 2])) }
        #expect(throws: ClassicMLError.tooFewSamples(what: "a random forest", needed: 2, found: 1)) {
            _ = try RandomForestRegressor().fit(Tensor([1.0], shape: [1, 1]), Tensor([1.0]))
        }
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "treeCount", value: "0", expected: "≥ 1")) {
            _ = try RandomForestClassifier(treeCount: 0).fit(x, Tensor([0.0, 1]))
        }
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "maxDepth", value: "-1", expected: "≥ 1 or nil")) {
            _ = try RandomForestRegressor(limits: TreeLimits(maxDepth: -1)).fit(x, Tensor([0.0, 1]))
        }
    }
}
