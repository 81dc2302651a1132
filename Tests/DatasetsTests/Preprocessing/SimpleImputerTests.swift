// SimpleImputer against scikit-learn: statistics, transforms, dropped all-missing columns.
import Testing
@testable import Datasets
import Tensors
import TestSupport

@Suite("SimpleImputer")
struct SimpleImputerTests {
    @Test("mean, median, most frequent and constant match sklearn", arguments: ["mean", "median", "most_frequent", "constant", "mean_keep_empty"])
    func strategies(name: String) throws {
        let r = try ReferenceFixture.load().preprocessing.imputer
        let x = Tensor(r.input.values, shape: [150, 5])
        let imputer: SimpleImputer
        switch name {
        case "mean": imputer = SimpleImputer(strategy: .mean)
        case "median": imputer = SimpleImputer(strategy: .median)
        case "most_frequent": imputer = SimpleImputer(strategy: .mostFrequent)
        case "constant": imputer = SimpleImputer(strategy: .constant(-1.5), keepEmptyFeatures: true)
        default: imputer = SimpleImputer(strategy: .mean, keepEmptyFeatures: true)
        }
        let run = try #require(r.strategies[name])
        let fitted = try imputer.fit(x)
        if let stats = run.statistics {
            #expect(maxAbsDifference(fitted.statistics, stats.values) < 1e-9)
        }
        let t = try fitted.transform(x)
        let width = run.transform[0].count
        #expect(t.shape == [150, width])
        #expect(fitted.keptColumns.count == width)
        #expect(t.dtype == .float64)
        #expect(maxAbsDifference(t.doubles, run.transform.values) < 1e-9)
        #expect(t.allFinite())
    }

    @Test("helpers: median of even counts, ties to the smallest")
    func helpers() {
        #expect(median([4, 1, 3, 2]) == 2.5)
        #expect(mostFrequent([3, 1, 3, 1, 2]) == 1)
    }

    @Test("models that refuse NaN get the typed error with rows and a suggestion")
    func requireNoMissing() throws {
        let x = Tensor([1, 2, .nan, 4, 5, .nan] as [Float], shape: [3, 2])
        #expect(datasetError { try requireNoMissingValues(x, operation: "LogisticRegression.fit") }
            == .nanInFeatures(operation: "LogisticRegression.fit", rows: [1, 2], count: 2))
        let filled = try SimpleImputer().fitTransform(x)
        try requireNoMissingValues(filled, operation: "LogisticRegression.fit")
        #expect(filled.scalars == [1, 2, 3, 4, 5, 3])
    }
}
