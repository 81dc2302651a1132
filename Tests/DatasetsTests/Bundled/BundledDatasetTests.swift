// Bundled datasets against scikit-learn's loaders: shapes, names, class counts, column sums.
import Testing
@testable import Datasets
import TestSupport

@Suite("Bundled datasets")
struct BundledDatasetTests {
    @Test("each dataset matches sklearn.datasets.load_*", arguments: BundledDataset.available)
    func matchesScikitLearn(name: String) throws {
        let reference = try #require(try ReferenceFixture.load().datasets[name])
        let d = try BundledDataset.load(name)
        #expect(d.features.shape == reference.shape)
        #expect(d.features.dtype == .float32)
        #expect(d.featureNames == reference.feature_names)
        #expect(d.featureKinds.allSatisfy { $0 == .numeric })
        #expect(d.task == .classification)
        #expect(d.classNames == reference.class_names)
        #expect(d.classCounts == reference.class_counts)
        #expect(d.targets?.dtype == .int64)
        #expect(Array(d.targets!.integers.prefix(10)) == reference.first_targets)
        let columns = d.featureCount
        let x = d.features.scalars
        #expect(maxAbsDifference(Array(x.prefix(columns)).map(Double.init), reference.first_row.values) < 1e-9 * 1e4)
        var sums = [Double](repeating: 0, count: columns)
        for (i, v) in x.enumerated() { sums[i % columns] += Double(v) }
        for (k, (s, r)) in zip(sums, reference.column_sums.values).enumerated() {
            // Float32 storage of each value: relative error ≤ 2⁻²⁴ per value.
            #expect(abs(s - r) <= 1e-6 * abs(r) + 1e-9, "column \(k): \(s) vs \(r)")
        }
    }

    @Test("digits: 1797 × 64, pixel values 0…16, ten classes")
    func digits() throws {
        let d = try BundledDataset.digits.load()
        #expect(d.features.shape == [1797, 64])
        #expect(d.classNames == (0...9).map(String.init))
        let x = d.features.scalars
        #expect(x.min() == 0 && x.max() == 16)
        #expect(d.featureNames[9] == "pixel_1_1")
    }

    @Test("unknown names throw, listing the available datasets")
    func unknown() {
        #expect(datasetError { _ = try BundledDataset.load("mnist") }
            == .unknownDataset(name: "mnist", available: ["iris", "wine", "breast_cancer", "digits"]))
    }

    @Test func onlyDigitsIsAnImage() throws {
        #expect(BundledDataset.digits.imageShape == [1, 8, 8])
        #expect(BundledDataset.digits.imageShape!.reduce(1, *) == (try BundledDataset.load("digits")).featureCount)
        for d in [BundledDataset.iris, .wine, .breastCancer] { #expect(d.imageShape == nil) }
    }
}
