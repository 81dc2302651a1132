// The scikit-learn reference values of Tests/Fixtures/classicml/linear.json and the data they were made on.
import ClassicML
import Datasets
import Foundation
import Tensors
import Testing
import TestSupport

struct LinearFixture: Decodable {
    struct Matrix: Decodable { let shape: [Int]; let values: [Double] }
    struct RegressionModel: Decodable { let coefficients: [Double]; let intercept: Double; let score: Double }
    struct RegressionCase: Decodable {
        let name: String
        let test: [Int]
        let x: Matrix?
        let y: [Double]?
        let models: [String: RegressionModel]
    }
    struct ClassificationCase: Decodable {
        let name: String
        let test: [Int]
        let coefficients: Matrix
        let intercept: [Double]
        let accuracy: Double
        let C: Double
        let l1_ratio: Double
    }
    let versions: [String: String]
    let regression: [RegressionCase]
    let classification: [ClassificationCase]
    let l1_classification: [ClassificationCase]
    let elastic_net_classification: [ClassificationCase]

    static let shared: LinearFixture = try! Fixtures.json("classicml/linear.json")
}

/// A train/test split of Float64 features and targets.
struct SplitData {
    let xTrain: Tensor, yTrain: Tensor, xTest: Tensor, yTest: Tensor
}

enum LinearData {
    /// A bundled dataset as the fixture script saw it: Float32 features widened to Float64 and standardised.
    static func bundled(_ name: String) throws -> (x: [Double], y: [Double], columns: Int) {
        let data = try BundledDataset.load(name)
        let x = Tensor(data.features.doubles, shape: data.features.shape)
        let scaled = try StandardScaler().fit(x).transform(x)
        return (scaled.doubles, data.targets!.doubles, x.shape[1])
    }

    /// Splits rows into those not in `test` (training) and those in it, in index order.
    static func split(x: [Double], y: [Double], columns: Int, test: [Int]) -> SplitData {
        let testSet = Set(test)
        let train = y.indices.filter { !testSet.contains($0) }
        func rows(_ indices: [Int]) -> (Tensor, Tensor) {
            let xs = indices.flatMap { x[($0 * columns)..<(($0 + 1) * columns)] }
            return (Tensor(xs, shape: [indices.count, columns]), Tensor(indices.map { y[$0] }, shape: [indices.count]))
        }
        let (a, b) = rows(train), (c, d) = rows(test.sorted())
        return SplitData(xTrain: a, yTrain: b, xTest: c, yTest: d)
    }

    /// The split of a regression case (synthetic data from the fixture, or a bundled dataset).
    static func regression(_ c: LinearFixture.RegressionCase) throws -> SplitData {
        if let x = c.x, let y = c.y { return split(x: x.values, y: y, columns: x.shape[1], test: c.test) }
        let (x, y, columns) = try bundled(c.name)
        return split(x: x, y: y, columns: columns, test: c.test)
    }
}

/// `‖a − b‖∞ / ‖b‖∞`: the relative coefficient error used against the 1e-4 bar.
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "relativeError: \(a.count) vs \(b.count) values")
    let scale = b.reduce(0) { max($0, abs($1)) }
    return maxAbsDifference(a, b) / max(scale, 1e-300)
}

/// Fits `estimator` on each regression case and compares with scikit-learn's `name` model.
func checkRegressorParity<E: Estimator>(_ estimator: E, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws
where E: LinearRegressorConfiguration {
    for c in LinearFixture.shared.regression {
        let data = try LinearData.regression(c)
        let reference = try #require(c.models[name])
        let model = try estimator.fit(data.xTrain, data.yTrain)
        #expect(model.converged, sourceLocation: sourceLocation)
        let error = relativeError(model.coefficients + [model.intercept], reference.coefficients + [reference.intercept])
        #expect(error < 1e-4, "\(name) on \(c.name): coefficients differ by \(error) relative", sourceLocation: sourceLocation)
        let score = try model.score(data.xTest, data.yTest)
        #expect(abs(score - reference.score) < 0.01, "\(name) on \(c.name): R² \(score) vs \(reference.score)", sourceLocation: sourceLocation)
    }
}

/// The synthetic regression set (for conformance checks).
func syntheticRegression() throws -> SplitData {
    try LinearData.regression(try #require(LinearFixture.shared.regression.first { $0.name == "synthetic" }))
}
