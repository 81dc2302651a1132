import Foundation
import Kernels
import Tensors
import Testing
import TestSupport
@testable import ClassicML

@Suite("KMeans")
struct KMeansTests {
    @Test(arguments: OtherFixtures.shared.kmeans.map(\.dataset))
    func inertiaMatchesScikitLearn(dataset: String) throws {
        let reference = OtherFixtures.shared.kmeans.first { $0.dataset == dataset }!
        let d = try referenceData(dataset)
        let model = try KMeans(clusters: reference.clusters, initializations: 10, seed: 0).fit(Tensor(d.x, shape: [d.rows, d.columns]))
        #expect(abs(model.inertia - reference.inertia) / reference.inertia < 0.01, "\(dataset): \(model.inertia) vs \(reference.inertia)")
        // Inertia agrees with the labels and centres.
        let distances = try model.transform(Tensor(d.x, shape: [d.rows, d.columns])).doubles
        let labels = model.labels.doubles.map { Int($0) }
        let sum = (0..<d.rows).reduce(0.0) { $0 + pow(distances[$1 * reference.clusters + labels[$1]], 2) }
        #expect(abs(sum - model.inertia) <= 1e-6 * model.inertia)
        #expect(try model.predict(Tensor(d.x, shape: [d.rows, d.columns])).doubles == model.labels.doubles)
    }

    @Test func separatesObviousBlobs() throws {
        let x = Tensor([0, 0, 0.1, 0, 0, 0.1, 10, 10, 10.1, 10, 10, 10.1], shape: [6, 2])
        let model = try KMeans(clusters: 2, seed: 3).fit(x)
        let labels = model.labels.doubles
        #expect(labels[0] == labels[1] && labels[1] == labels[2] && labels[3] == labels[4] && labels[4] == labels[5])
        #expect(labels[0] != labels[3])
        #expect(abs(model.inertia - 4 * 0.01 * 2 / 3) < 1e-9)
    }

    /// Fewer distinct points than clusters: k-means++ draws duplicates and the empty clusters are relocated.
    @Test func duplicatePointsDoNotBreakIt() throws {
        let x = Tensor([1.0, 1, 1, 1, 1, 1, 2, 2, 2, 2], shape: [5, 2])
        let model = try KMeans(clusters: 3, seed: 0).fit(x)
        #expect(model.inertia == 0)
        #expect(model.centers.doubles.allSatisfy { $0.isFinite })
        #expect(Set(model.labels.doubles).count >= 2)
    }

    @Test func seedsDetermineTheResult() throws {
        let d = try referenceData("iris")
        let x = Tensor(d.x, shape: [d.rows, d.columns])
        let a = try KMeans(clusters: 5, initializations: 1, seed: 1).fit(x)
        let b = try KMeans(clusters: 5, initializations: 1, seed: 1).fit(x)
        #expect(a.centers.doubles == b.centers.doubles)
    }

    /// The initialisations' runs go to the threads whole on small data and the assignment is split on large data;
    /// either way the thread count never changes the result.
    @Test(arguments: [(150, 4), (9000, 120)])
    func threadCountDoesNotChangeTheResult(_ shape: (rows: Int, columns: Int)) throws {
        let (rows, columns) = shape
        let values = (0..<(rows * columns)).map { i in Double((i * 7919) % 1013) / 101 + Double((i / columns) % 5) * 3 }
        let x = Tensor(values, shape: [rows, columns])
        let model = KMeans(clusters: 5, initializations: 4, seed: 2)
        let one = try KernelThreads.with(1) { try model.fit(x) }
        let two = try KernelThreads.with(2) { try model.fit(x) }
        #expect(one.centers.doubles == two.centers.doubles)
        #expect(one.labels.doubles == two.labels.doubles)
        #expect(one.inertia == two.inertia && one.iterations == two.iterations)
    }

    @Test func conformance() throws {
        let d = try referenceData("iris")
        try checkEstimator(KMeans(clusters: 3, initializations: 2, seed: 0), x: Tensor(d.x, shape: [d.rows, d.columns]), y: nil) { m, x throws(ClassicMLError) in
            try m.predict(x)
        }
    }

    @Test func moreClustersThanSamplesThrows() {
        #expect(throws: ClassicMLError.tooFewSamples(what: "KMeans with 4 clusters", needed: 4, found: 3)) {
            _ = try KMeans(clusters: 4).fit(Tensor.ones([3, 2], dtype: .float64))
        }
        #expect(throws: ClassicMLError.self) { _ = try KMeans(clusters: 0).fit(Tensor.ones([3, 2], dtype: .float64)) }
    }
}
