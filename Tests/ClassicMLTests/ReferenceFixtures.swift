// The scikit-learn reference values of Tests/Fixtures/classicml/other.json (scripts/reference/make_clustering_fixtures.py).
import Datasets
import Foundation
import Tensors
import TestSupport

struct OtherFixtures: Decodable {
    struct KMeansCase: Decodable { let dataset: String; let clusters: Int; let inertia: Double }
    struct KNNCase: Decodable { let dataset: String; let k: Int; let weights: String; let predictions: [Int]; let accuracy: Double }
    struct KNNRegressionCase: Decodable { let k: Int; let weights: String; let predictions: [Double]; let r2: Double }
    struct GaussianNBCase: Decodable { let probabilities: [Double] }
    struct MultinomialNBCase: Decodable { let alpha: Double; let rows: Int; let probabilities: [Double]; let accuracy: Double }
    struct PCACase: Decodable {
        let components: [Double], explained_variance: [Double], explained_variance_ratio: [Double], singular_values: [Double], mean: [Double]
    }
    let kmeans: [KMeansCase]
    let splits: [String: [Int]]
    let knn: [KNNCase]
    let knn_regression: [KNNRegressionCase]
    let gaussian_nb: GaussianNBCase
    let multinomial_nb: MultinomialNBCase
    let pca: PCACase
    struct TruncatedSVDCase: Decodable {
        let components: [Double], explained_variance: [Double], explained_variance_ratio: [Double], singular_values: [Double]
    }
    let truncated_svd: TruncatedSVDCase
    struct DBSCANCase: Decodable { let eps: Double; let min_samples: Int; let labels: [Int]; let core: [Int] }
    let dbscan: [DBSCANCase]
    struct AgglomerativeCase: Decodable { let dataset: String; let clusters: Int; let linkage: String; let labels: [Int] }
    let agglomerative: [AgglomerativeCase]

    static let shared: OtherFixtures = try! Fixtures.json("classicml/other.json")
}

/// Features `[samples, features]` (Float64) and class codes of a bundled dataset; `NAME_standardised` is NAME
/// through ``StandardScaler``.
func referenceData(_ name: String) throws -> (x: [Double], rows: Int, columns: Int, y: [Double]) {
    let base = name.hasPrefix("wine") ? "wine" : name.hasPrefix("iris") ? "iris" : name
    let d = try BundledDataset.load(base)
    var features = d.features
    if name.hasSuffix("_standardised") { features = try StandardScaler().fit(features).transform(features) }
    return (features.doubles, features.shape[0], features.shape[1], d.targets!.doubles)
}

/// Rows `indices` of a row-major matrix as a Float64 tensor.
func rows(_ x: [Double], columns: Int, _ indices: [Int]) -> Tensor {
    Tensor(indices.flatMap { x[($0 * columns)..<(($0 + 1) * columns)] }, shape: [indices.count, columns])
}

/// (train, test) indices of a fixture split: test as stored, train the rest in order.
func split(_ name: String, rows: Int) -> (train: [Int], test: [Int]) {
    let test = OtherFixtures.shared.splits[name]!
    let set = Set(test)
    return ((0..<rows).filter { !set.contains($0) }, test)
}
