// GridSearch against scikit-learn's GridSearchCV on the same data, folds and grid
// (Tests/Fixtures/classicml/search.json, made by scripts/reference/make_search_fixtures.py).
import ClassicML
import Datasets
import Foundation
import Tensors
import Testing
import TestSupport

struct SearchFixtures: Decodable {
    struct Case: Decodable {
        let name: String
        let parameter: String
        let values: [Double]
        let folds: [[Int]]
        let split_scores: [[Double]]
        let mean_test_score: [Double]
        let rank_test_score: [Int]
        let best_value: Double
    }
    let cases: [Case]
    static let shared: SearchFixtures = try! Fixtures.json("classicml/search.json")
}

@Suite("GridSearch equals scikit-learn's GridSearchCV")
struct SearchParityTests {
    func fixture(_ name: String) throws -> SearchFixtures.Case {
        try #require(SearchFixtures.shared.cases.first { $0.name == name })
    }

    /// Every candidate's per-fold scores (to `tolerance` relative to max(1, |score|)), the winner, and the ranking.
    func check<E: Estimator>(_ result: SearchResult<E>, against f: SearchFixtures.Case, tolerance: Double) {
        #expect(result.candidates.map { $0[f.parameter] } == f.values.map { ParameterValue.double($0) })
        for (ours, theirs) in zip(result.results, f.split_scores) {
            for (a, b) in zip(ours.scores, theirs) {
                #expect(abs(a - b) <= tolerance * max(1, abs(b)), "\(f.name): fold score \(a) vs scikit-learn \(b)")
            }
        }
        for (ours, theirs) in zip(result.results.map(\.mean), f.mean_test_score) {
            #expect(abs(ours - theirs) <= tolerance * max(1, abs(theirs)), "\(f.name): mean score \(ours) vs scikit-learn \(theirs)")
        }
        #expect(result.bestParameters[f.parameter] == .double(f.best_value), "\(f.name)")
        #expect(f.rank_test_score[result.bestIndex] == 1)
    }

    @Test(arguments: ["iris", "wine", "breast_cancer"])
    func logisticRegressionOverC(dataset: String) throws {
        let f = try fixture("logistic-\(dataset)")
        // Standardised over all rows, as the fixture script does.
        let d = try BundledDataset.load(dataset)
        let raw = Tensor(d.features.doubles, shape: d.features.shape)
        let x = try StandardScaler().fit(raw).transform(raw)
        let labels = try #require(d.targets).doubles, n = labels.count
        let y = Tensor(labels, shape: [n])
        // Our stratified folds are scikit-learn's, row for row.
        let ours = try StratifiedKFold(splits: 5).folds(labels: labels)
        #expect(ours.map(\.test) == f.folds)
        let search = GridSearch(grid: ["c": f.values.map { .double($0) }], folds: .stratified(StratifiedKFold(splits: 5)),
                                scoring: .accuracy, refit: false) { p throws(ClassicMLError) in
            LogisticRegression(c: try p.double("c"), maxIterations: 10_000, tolerance: 1e-10)
        }
        let renamed = SearchFixtures.Case(name: f.name, parameter: "c", values: f.values, folds: f.folds, split_scores: f.split_scores,
                                          mean_test_score: f.mean_test_score, rank_test_score: f.rank_test_score, best_value: f.best_value)
        // Accuracy counts whole rows: equal predictions give equal scores.
        check(try search.fit(x, y), against: renamed, tolerance: 1e-12)
    }

    @Test func ridgeOverAlpha() throws {
        let f = try fixture("ridge-iris-petal-width")
        let (values, n, columns, _) = try referenceData("iris_standardised")
        let x = Tensor((0..<n).flatMap { r in values[(r * columns)..<(r * columns + 3)] }, shape: [n, 3])
        let y = Tensor((0..<n).map { values[$0 * columns + 3] }, shape: [n])
        let folds = try KFold(splits: 5).folds(count: n)
        #expect(folds.map(\.test) == f.folds)
        let search = GridSearch(grid: ["alpha": f.values.map { .double($0) }], folds: .kFold(KFold(splits: 5)),
                                scoring: .r2, refit: false) { p throws(ClassicMLError) in Ridge(alpha: try p.double("alpha")) }
        // The features are standardised from Float32 values on both sides; R² agrees to float32-level rounding.
        check(try search.fit(x, y), against: f, tolerance: 1e-6)
    }
}
