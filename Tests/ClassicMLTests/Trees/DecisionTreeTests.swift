import Foundation
import Tensors
import Testing
import TestSupport
@testable import ClassicML

@Suite("Decision trees")
struct DecisionTreeTests {
    @Test(arguments: ["iris", "wine", "breast_cancer", "digits"])
    func classifierMatchesScikitLearn(dataset: String) throws {
        let c = TreeFixtures.shared.classification.first { $0.dataset == dataset }!
        let (x, y, testX, testY) = try TreeFixtures.split(c)
        for (tree, reference) in [(DecisionTreeClassifier(), c.tree_full),
                                  (DecisionTreeClassifier(limits: TreeLimits(maxDepth: 5)), c.tree_depth5),
                                  (DecisionTreeClassifier(criterion: .entropy), c.tree_entropy),
                                  (DecisionTreeClassifier(seed: 3), c.tree_seed3),
                                  (DecisionTreeClassifier(maxFeatures: .sqrt, seed: 7), c.tree_sqrt_seed7)] {
            let what = "\(dataset) \(tree.criterion) depth \(tree.limits.maxDepth.map(String.init) ?? "∞") \(tree.maxFeatures) seed \(tree.seed)"
            let model = try tree.fit(x, y)
            let p = try model.predict(testX)
            let ours = accuracy(p, testY)
            let agree = zip(p.doubles, reference.predictions!).filter { $0 == Double($1) }.count
            print("\(what): accuracy \(ours) vs \(reference.accuracy), same prediction on \(agree)/\(testY.count), depth \(model.depth) vs \(reference.depth!), leaves \(model.leafCount) vs \(reference.leaves!)")
            // Seed s examines features in scikit-learn's random_state=s order: the same tree, node for node, and so
            // the same test predictions.
            expectSameTree(model.tree, reference, what)
            #expect(p.doubles == reference.predictions!.map(Double.init), "\(what): predictions differ from scikit-learn's")
            #expect(abs(ours - reference.accuracy) < 1e-12, "\(what): accuracy \(ours), scikit-learn \(reference.accuracy)")
            // And so within the spread of scikit-learn's own accuracy over random_state 0..19.
            let range = reference.accuracy_range!
            #expect(ours >= range[0] - 1e-12 && ours <= range[1] + 1e-12, "\(what): accuracy \(ours), scikit-learn \(range)")
            #expect(model.depth <= (tree.limits.maxDepth ?? .max))
            #expect(abs(model.featureImportances.reduce(0, +) - 1) < 1e-12)
        }
    }

    @Test func regressorMatchesScikitLearn() throws {
        let (x, y, testX, testY) = TreeFixtures.regressionSplit()
        let reference = TreeFixtures.shared.regression
        for (tree, r) in [(DecisionTreeRegressor(), reference.tree_full), (DecisionTreeRegressor(limits: TreeLimits(maxDepth: 5)), reference.tree_depth5)] {
            let model = try tree.fit(x, y)
            let p = try model.predict(testX)
            let ours = r2(p, testY)
            print("regression tree depth \(tree.limits.maxDepth.map(String.init) ?? "∞"): R² \(ours) vs \(r.r2), scikit-learn's range \(r.r2_range!)")
            expectSameTree(model.tree, r, "regression \(tree)")
            // Rows are summed in scikit-learn's order, so even the leaf means are bit for bit its own.
            #expect(p.doubles == r.predictions!, "regression \(tree): predictions differ from scikit-learn's")
            #expect(abs(ours - r.r2) < 1e-9, "R² \(ours), scikit-learn \(r.r2)")
        }
    }

    @Test func limitsAreRespected() throws {
        let d = try referenceData("breast_cancer")
        let x = Tensor(d.x, shape: [d.rows, d.columns]), y = Tensor(d.y)
        for limits in [TreeLimits(maxDepth: 1), TreeLimits(maxDepth: 3), TreeLimits(minSamplesLeaf: 20), TreeLimits(minSamplesSplit: 50)] {
            let model = try DecisionTreeClassifier(limits: limits).fit(x, y)
            #expect(model.depth <= (limits.maxDepth ?? .max))
            if limits.maxDepth == 1 { #expect(model.leafCount == 2) }
            // Leaf sizes: count training rows per leaf.
            var sizes = [Int: Int]()
            d.x.withUnsafeBufferPointer { p in for i in 0..<d.rows { sizes[model.tree.leaf(p, row: i, columns: d.columns), default: 0] += 1 } }
            #expect(sizes.values.min()! >= limits.minSamplesLeaf)
            for n in 0..<model.tree.count where model.tree.feature[n] >= 0 {
                // Every split node held at least minSamplesSplit rows: its leaves below sum to that many.
                #expect(leafRows(model.tree, n, sizes) >= limits.minSamplesSplit)
            }
        }
        // A full tree fits its training data exactly (no duplicate rows with different labels in breast cancer).
        let full = try DecisionTreeClassifier().fit(x, y)
        #expect(accuracy(try full.predict(x), d.y) == 1)
    }

    /// The same tree as scikit-learn's, node for node: children, split features, thresholds, node sizes, and
    /// impurities up to rounding.
    func expectSameTree(_ tree: TreeNodes, _ reference: some ReferenceTree, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(tree.left == reference.left!, "\(what): children differ from scikit-learn's", sourceLocation: sourceLocation)
        #expect(tree.right == reference.right!, "\(what): children differ from scikit-learn's", sourceLocation: sourceLocation)
        #expect(tree.nodeSamples == reference.node_samples!, "\(what): node sizes differ from scikit-learn's", sourceLocation: sourceLocation)
        // scikit-learn marks a leaf with feature −2 and threshold −2.
        #expect(tree.feature.map { $0 < 0 ? -2 : $0 } == reference.feature!, "\(what): split features differ from scikit-learn's",
                sourceLocation: sourceLocation)
        #expect(zip(tree.feature, tree.threshold).map { $0 < 0 ? -2 : $1 } == reference.threshold!,
                "\(what): thresholds differ from scikit-learn's", sourceLocation: sourceLocation)
        if tree.nodeImpurity.count == reference.impurity!.count {
            let gap = zip(tree.nodeImpurity, reference.impurity!).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(gap < 1e-9, "\(what): impurities differ from scikit-learn's by up to \(gap)", sourceLocation: sourceLocation)
        }
    }

    func leafRows(_ tree: TreeNodes, _ n: Int, _ sizes: [Int: Int]) -> Int {
        tree.feature[n] < 0 ? sizes[n, default: 0] : leafRows(tree, tree.left[n], sizes) + leafRows(tree, tree.right[n], sizes)
    }

    @Test func importancesOnAnInformativeFeature() throws {
        // y depends on column 1 only: it gets all the importance.
        var rng = RandomGenerator(seed: 3)
        let values = Tensor.uniform([200, 3], dtype: .float64, using: &rng).doubles
        let y = (0..<200).map { values[$0 * 3 + 1] > 0.5 ? 1.0 : 0.0 }
        let x = Tensor(values, shape: [200, 3])
        let c = try DecisionTreeClassifier().fit(x, Tensor(y))
        #expect(c.featureImportances == [0, 1, 0])
        #expect(c.depth == 1)
        let r = try DecisionTreeRegressor(limits: TreeLimits(maxDepth: 3)).fit(x, Tensor(y.map { 3 * $0 }))
        #expect(r.featureImportances[1] == 1)
        #expect(try r.predict(x).doubles == y.map { 3 * $0 })
    }

    @Test func rowsNoFeatureSeparatesStayInOneLeaf() throws {
        // Identical rows with different labels: no split exists, the root is a leaf with the class fractions.
        let x = Tensor([Double](repeating: 2, count: 8), shape: [4, 2])
        let model = try DecisionTreeClassifier().fit(x, Tensor([0.0, 1, 1, 1]))
        #expect(model.nodeCount == 1)
        #expect(try model.predictProbabilities(x).doubles == [0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75])
        #expect(model.featureImportances == [0, 0])
        let r = try DecisionTreeRegressor().fit(x, Tensor([1.0, 2, 3, 6]))
        #expect(try r.predict(x).doubles == [3, 3, 3, 3])
    }

    @Test func regressorLeavesKeepMinSamplesLeaf() throws {
        let (x, y, _, _) = TreeFixtures.regressionSplit()
        let model = try DecisionTreeRegressor(limits: TreeLimits(minSamplesLeaf: 10)).fit(x, y)
        let leaves = (0..<model.tree.count).filter { model.tree.feature[$0] < 0 }
        #expect(leaves.allSatisfy { model.tree.nodeSamples[$0] >= 10 })
        #expect(leaves.map { model.tree.nodeSamples[$0] }.reduce(0, +) == 150)
        #expect(abs(model.featureImportances.reduce(0, +) - 1) < 1e-12)
    }

    @Test func maxFeaturesIsSeeded() throws {
        let d = try referenceData("wine")
        let x = Tensor(d.x, shape: [d.rows, d.columns]), y = Tensor(d.y)
        let a = try DecisionTreeClassifier(maxFeatures: .sqrt, seed: 1).fit(x, y)
        let b = try DecisionTreeClassifier(maxFeatures: .sqrt, seed: 1).fit(x, y)
        let c = try DecisionTreeClassifier(maxFeatures: .sqrt, seed: 2).fit(x, y)
        #expect(a.tree == b.tree)
        #expect(a.tree != c.tree)
        #expect(MaxFeatures.sqrt.resolve(features: 13) == 3)
        #expect(MaxFeatures.log2.resolve(features: 64) == 6)
        #expect(MaxFeatures.count(100).resolve(features: 13) == 13)
        #expect(MaxFeatures.fraction(0.5).resolve(features: 13) == 6)
    }

    @Test func conformance() throws {
        let d = try referenceData("iris")
        let x = Tensor(d.x, shape: [d.rows, d.columns]), y = Tensor(d.y)
        try checkEstimator(DecisionTreeClassifier(), x: x, y: y) { m, x throws(ClassicMLError) in try m.predictProbabilities(x) }
        try checkEstimator(DecisionTreeClassifier(criterion: .entropy, maxFeatures: .sqrt, seed: 4), x: x, y: y) { m, x throws(ClassicMLError) in
            try m.predictProbabilities(x)
        }
        let (rx, ry, _, _) = TreeFixtures.regressionSplit()
        try checkEstimator(DecisionTreeRegressor(limits: TreeLimits(maxDepth: 4)), x: rx, y: ry) { m, x throws(ClassicMLError) in try m.predict(x) }
    }

    @Test func badInput() {
        let x = Tensor([1.0, 2, 3, 4], shape: [2, 2])
        #expect(throws: ClassicMLError.singleClass(label: 1)) { _ = try DecisionTreeClassifier().fit(x, Tensor([1.0, 1])) }
        #expect(throws: ClassicMLError.tooFewSamples(what: "a regression tree", needed: 2, found: 1)) {
            _ = try DecisionTreeRegressor().fit(Tensor([1.0], shape: [1, 1]), Tensor([1.0]))
        }
        let y = Tensor([0.0, 1])
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "maxDepth", value: "0", expected: "≥ 1 or nil")) {
            _ = try DecisionTreeClassifier(limits: TreeLimits(maxDepth: 0)).fit(x, y)
        }
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "minSamplesSplit", value: "1", expected: "≥ 2")) {
            _ = try DecisionTreeClassifier(limits: TreeLimits(minSamplesSplit: 1)).fit(x, y)
        }
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "minSamplesLeaf", value: "0", expected: "≥ 1")) {
            _ = try DecisionTreeRegressor(limits: TreeLimits(minSamplesLeaf: 0)).fit(x, y)
        }
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "maxFeatures", value: "0", expected: "≥ 1")) {
            _ = try DecisionTreeClassifier(maxFeatures: .count(0)).fit(x, y)
        }
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "maxFeatures", value: "1.5", expected: "a fraction in (0, 1]")) {
            _ = try DecisionTreeRegressor(maxFeatures: .fraction(1.5)).fit(x, y)
        }
    }

    @Test func damagedArchiveIsRejected() throws {
        let model = try DecisionTreeClassifier().fit(Tensor([1.0, 2, 3, 4], shape: [4, 1]), Tensor([0.0, 0, 1, 1]))
        var archive = try model.archive()
        archive.tensors["left"] = Tensor([0.0, 0, 0], shape: [3]).to(.int64)
        #expect(throws: ClassicMLError.invalidArchive("tree '' node 0 is malformed")) { _ = try FittedDecisionTreeClassifier(archive: archive) }
        archive.tensors["left"] = nil
        #expect(throws: ClassicMLError.invalidArchive("tensor 'left' is missing")) { _ = try FittedDecisionTreeClassifier(archive: archive) }
    }
}
