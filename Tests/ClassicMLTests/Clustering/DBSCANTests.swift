import Foundation
import Tensors
import Testing
import TestSupport
@testable import ClassicML

@Suite("DBSCAN")
struct DBSCANTests {
    @Test(arguments: OtherFixtures.shared.dbscan.indices)
    func labelsMatchScikitLearn(case index: Int) throws {
        let reference = OtherFixtures.shared.dbscan[index]
        let d = try referenceData("iris_standardised")
        let model = try DBSCAN(epsilon: reference.eps, minimumSamples: reference.min_samples).fit(Tensor(d.x, shape: [d.rows, d.columns]))
        #expect(model.labels.doubles == reference.labels.map(Double.init))
        #expect(model.coreIndices == reference.core)
        // Core samples predict their own cluster.
        let core = try model.predict(rows(d.x, columns: d.columns, model.coreIndices)).doubles
        #expect(core == model.coreIndices.map { Double(reference.labels[$0]) })
    }

    @Test func noiseAndTwoClusters() throws {
        let x = Tensor([0, 0, 0, 0.1, 0.1, 0, 5, 5, 5, 5.1, 5.1, 5, 20, 20], shape: [7, 2])
        let model = try DBSCAN(epsilon: 0.5, minimumSamples: 3).fit(x)
        #expect(model.labels.doubles == [0, 0, 0, 1, 1, 1, -1])
        #expect(model.clusterCount == 2)
        #expect(try model.predict(Tensor([0.05, 0.05, 9, 9], shape: [2, 2])).doubles == [0, -1])
    }

    @Test func conformance() throws {
        let d = try referenceData("iris_standardised")
        try checkEstimator(DBSCAN(epsilon: 0.8), x: Tensor(d.x, shape: [d.rows, d.columns]), y: nil) { m, x throws(ClassicMLError) in try m.predict(x) }
        #expect(throws: ClassicMLError.self) { _ = try DBSCAN(epsilon: 0).fit(Tensor.ones([3, 2], dtype: .float64)) }
    }
}
