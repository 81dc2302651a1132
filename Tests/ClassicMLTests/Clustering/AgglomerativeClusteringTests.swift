import Foundation
import Tensors
import Testing
import TestSupport
@testable import ClassicML

/// Renumbers labels by first appearance, so partitions compare regardless of cluster numbering.
private func canonical(_ labels: [Int]) -> [Int] {
    var number = [Int: Int]()
    return labels.map { l in
        if let n = number[l] { return n }
        number[l] = number.count
        return number[l]!
    }
}

@Suite("Agglomerative clustering")
struct AgglomerativeClusteringTests {
    @Test(arguments: OtherFixtures.shared.agglomerative.indices)
    func partitionMatchesScikitLearn(case index: Int) throws {
        let reference = OtherFixtures.shared.agglomerative[index]
        let d = try referenceData(reference.dataset)
        let model = try AgglomerativeClustering(clusters: reference.clusters, linkage: Linkage(rawValue: reference.linkage)!)
            .fit(Tensor(d.x, shape: [d.rows, d.columns]))
        #expect(model.labels.doubles.map { Int($0) } == canonical(reference.labels), "\(reference.dataset) \(reference.linkage)")
    }

    @Test func conformance() throws {
        let d = try referenceData("iris_standardised")
        try checkEstimator(AgglomerativeClustering(clusters: 3), x: Tensor(d.x, shape: [d.rows, d.columns]), y: nil) { m, x throws(ClassicMLError) in
            try m.predict(x)
        }
        #expect(throws: ClassicMLError.tooFewSamples(what: "AgglomerativeClustering with 4 clusters", needed: 4, found: 3)) {
            _ = try AgglomerativeClustering(clusters: 4).fit(Tensor.ones([3, 2], dtype: .float64))
        }
    }
}
