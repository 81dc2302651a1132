// The scikit-learn reference values of Tests/Fixtures/classicml/svm.json (scripts/reference/make_svm_fixtures.py).
import Datasets
import Foundation
import Tensors
import TestSupport

struct SVMFixtures: Decodable {
    struct SVCCase: Decodable {
        let accuracy: Double, predictions: [Int], n_support: [Int], support: [Int], dual_coef: [Double], intercept: [Double]
        let gamma: Double, decision: [Double], decision_ovo: [Double]
    }
    struct LinearCase: Decodable { let accuracy: Double, coef: [Double], intercept: [Double], iterations: Int }
    struct Probabilities: Decodable { let probabilities: [Double] }
    struct Classification: Decodable {
        let dataset: String, test: [Int]
        let svc_rbf: SVCCase, svc_poly: SVCCase
        let linear_svc: LinearCase, linear_svc_exact: LinearCase, linear_svc_hinge: LinearCase
        let svc_proba: Probabilities?
    }
    struct Isolation: Decodable {
        let x: [Double], rows: Int, outliers: Int, auroc: [Double], auroc_mean: Double, contamination_0_1_outlier_fraction: Double
    }
    let classification: [Classification]
    let isolation_forest: Isolation

    static let shared: SVMFixtures = try! Fixtures.json("classicml/svm.json")

    static func named(_ dataset: String) -> Classification { shared.classification.first { $0.dataset == dataset }! }

    /// (train x, train y, test x, test y) of a dataset standardised over all rows in Float64 (as the script
    /// does), split as the fixture says.
    static func split(_ c: Classification) throws -> (Tensor, Tensor, Tensor, [Double]) {
        let d = try BundledDataset.load(c.dataset)
        let features = d.features.to(.float64)
        let x = try StandardScaler().fit(features).transform(features).doubles
        let (n, columns) = (features.shape[0], features.shape[1]), y = d.targets!.doubles
        let testSet = Set(c.test)
        let train = (0..<n).filter { !testSet.contains($0) }
        return (rows(x, columns: columns, train), Tensor(train.map { y[$0] }), rows(x, columns: columns, c.test), c.test.map { y[$0] })
    }
}

/// The largest absolute difference of two equally long arrays.
func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "lengths \(a.count) and \(b.count)")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

struct SVRFixtures: Decodable {
    struct Case: Decodable { let support: [Int], dual_coef: [Double], intercept: Double, predictions: [Double], r2: Double }
    let svr: [String: Case]
    static let shared: SVRFixtures = try! Fixtures.json("classicml/svm.json")
}
