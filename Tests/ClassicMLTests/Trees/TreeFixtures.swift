// The scikit-learn reference values of Tests/Fixtures/classicml/trees.json (scripts/reference/make_tree_fixtures.py).
import Foundation
import Tensors
import TestSupport

/// A scikit-learn tree's stored structure.
protocol ReferenceTree {
    var node_samples: [Int]? { get }
    var impurity: [Double]? { get }
    var left: [Int]? { get }
    var right: [Int]? { get }
    var feature: [Int]? { get }
    var threshold: [Double]? { get }
}

struct TreeFixtures: Decodable {
    struct TreeCase: Decodable, ReferenceTree {
        let accuracy: Double, predictions: [Int]?, depth: Int?, leaves: Int?
        let node_samples: [Int]?, impurity: [Double]?, left: [Int]?, right: [Int]?, accuracy_range: [Double]?
        let feature: [Int]?, threshold: [Double]?
    }
    struct ClassificationCase: Decodable {
        let dataset: String, test: [Int]
        let tree_full: TreeCase, tree_depth5: TreeCase, tree_entropy: TreeCase, tree_seed3: TreeCase, tree_sqrt_seed7: TreeCase
        let forest: TreeCase
    }
    struct Score: Decodable, ReferenceTree {
        let r2: Double, depth: Int?, leaves: Int?, node_samples: [Int]?, impurity: [Double]?, left: [Int]?, right: [Int]?, r2_range: [Double]?
        let feature: [Int]?, threshold: [Double]?, predictions: [Double]?
    }
    struct RegressionCase: Decodable {
        let x: [Double], y: [Double], rows: Int, columns: Int, train: Int
        let tree_full: Score, tree_depth5: Score, forest: Score
    }
    let classification: [ClassificationCase]
    let regression: RegressionCase

    static let shared: TreeFixtures = try! Fixtures.json("classicml/trees.json")

    /// (train x, train y, test x, test y) of a classification case: test rows as stored, train the rest in order.
    static func split(_ c: ClassificationCase) throws -> (Tensor, Tensor, Tensor, [Double]) {
        let d = try referenceData(c.dataset)
        let testSet = Set(c.test)
        let train = (0..<d.rows).filter { !testSet.contains($0) }
        return (rows(d.x, columns: d.columns, train), Tensor(train.map { d.y[$0] }),
                rows(d.x, columns: d.columns, c.test), c.test.map { d.y[$0] })
    }

    /// The regression set: first `train` rows for training, the rest for testing.
    static func regressionSplit() -> (Tensor, Tensor, Tensor, [Double]) {
        let r = shared.regression
        let trainX = Array(r.x[0..<(r.train * r.columns)]), testX = Array(r.x[(r.train * r.columns)...])
        return (Tensor(trainX, shape: [r.train, r.columns]), Tensor(Array(r.y[0..<r.train])),
                Tensor(testX, shape: [r.rows - r.train, r.columns]), Array(r.y[r.train...]))
    }
}

func accuracy(_ predictions: Tensor, _ truth: [Double]) -> Double {
    Double(zip(predictions.doubles, truth).filter { $0 == $1 }.count) / Double(truth.count)
}

func r2(_ predictions: Tensor, _ truth: [Double]) -> Double {
    let mean = truth.reduce(0, +) / Double(truth.count)
    let residual = zip(predictions.doubles, truth).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    let total = truth.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return 1 - residual / total
}

/// The tolerance a test score gets around scikit-learn's range: `points`, or one test row if that is more.
func tolerance(points: Double, rows: Int) -> Double { max(points, 1 / Double(rows)) + 1e-12 }
