// The scikit-learn reference values of Tests/Fixtures/classicml/boosting.json (scripts/reference/make_boosting_fixtures.py).
import Foundation
import Tensors
import TestSupport

struct BoostingFixtures: Decodable {
    struct EarlyStoppingCase: Decodable { let accuracy_range: [Double], n_iter_range: [Int] }
    struct ClassificationCase: Decodable {
        let dataset: String, test: [Int], accuracy: Double, n_iter: Int, probabilities: [Double]
        let early_stopping: EarlyStoppingCase?
    }
    struct MissingCase: Decodable { let dataset: String, nan_indices: [Int], test: [Int], accuracy: Double }
    struct Score: Decodable { let r2: Double, n_iter: Int }
    struct QuantileScore: Decodable { let coverage: Double, mean_prediction: Double }
    struct RegressionCase: Decodable {
        let x: [Double], y: [Double], rows: Int, columns: Int, test: [Int]
        let squared_error: Score, absolute_error: Score
        let quantile_09: QuantileScore, quantile_01: QuantileScore
        enum CodingKeys: String, CodingKey {
            case x, y, rows, columns, test, squared_error, absolute_error
            case quantile_09 = "quantile_0.9", quantile_01 = "quantile_0.1"
        }
    }
    let classification: [ClassificationCase]
    let missing: MissingCase
    let regression: RegressionCase

    static let shared: BoostingFixtures = try! Fixtures.json("classicml/boosting.json")

    /// (train x, train y, test x, test y): test rows as stored, train the rest in order.
    static func split(x: [Double], y: [Double], rows count: Int, columns: Int, test: [Int]) -> (Tensor, Tensor, Tensor, [Double]) {
        let testSet = Set(test)
        let train = (0..<count).filter { !testSet.contains($0) }
        return (rows(x, columns: columns, train), Tensor(train.map { y[$0] }), rows(x, columns: columns, test), test.map { y[$0] })
    }
}
