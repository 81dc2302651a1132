// Silhouette and the Rand indices against scikit-learn's fixtures (3 blobs in 2-D).
import Testing
import TestSupport
import Evaluation

@Suite("Clustering metrics")
struct ClusteringMetricsTests {
    @Test func matchScikitLearn() throws {
        let cases = MetricFixtures.cases("clustering")
        #expect(cases.count == 3)
        for c in cases {
            let name = c["name"]?.string ?? "?"
            let points = c["points"]!.rows, labels = c["labels"]!.ints, reference = c["reference"]!.ints
            expectParity(try ClusteringMetrics.silhouetteSamples(points, labels: labels),
                         c["silhouette_samples"]!.doubles, "\(name) silhouette samples")
            expectParity(try ClusteringMetrics.silhouetteScore(points, labels: labels), c["silhouette"], "\(name) silhouette")
            expectParity(try ClusteringMetrics.randIndex(reference, labels), c["rand"], "\(name) rand")
            expectParity(try ClusteringMetrics.adjustedRandIndex(reference, labels), c["adjusted_rand"], "\(name) ARI")
        }
    }

    @Test func randIndicesOfSimplePartitions() throws {
        #expect(try ClusteringMetrics.adjustedRandIndex([0, 0, 1, 1], [5, 5, 3, 3]) == 1)
        #expect(try ClusteringMetrics.randIndex([0, 0, 1, 1], [0, 1, 0, 1]) == 1.0 / 3)
        // scikit-learn: adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1]) = -0.5.
        #expect(try ClusteringMetrics.adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]) == -0.5)
        #expect(try ClusteringMetrics.adjustedRandIndex([0], [1]) == 1)
    }

    @Test func badInputThrows() {
        #expect(throws: EvaluationError.lengthMismatch(what: "predicted cluster labels", expected: 2, found: 1)) {
            try ClusteringMetrics.adjustedRandIndex([0, 1], [0])
        }
        #expect(throws: EvaluationError.emptyInput(what: "cluster labels")) { try ClusteringMetrics.randIndex([], []) }
        #expect(throws: EvaluationError.emptyInput(what: "points")) { try ClusteringMetrics.silhouetteScore([], labels: []) }
        let points: [[Double]] = [[0, 0], [0, 1], [5, 5]]
        #expect(throws: EvaluationError.invalidArgument("silhouette needs 2 to 2 clusters (samples − 1), found 1")) {
            try ClusteringMetrics.silhouetteScore(points, labels: [0, 0, 0])
        }
        #expect(throws: EvaluationError.self) { try ClusteringMetrics.silhouetteScore(points, labels: [0, 1, 2]) }
        #expect(throws: EvaluationError.lengthMismatch(what: "point 1", expected: 2, found: 1)) {
            try ClusteringMetrics.silhouetteScore([[0, 0], [1], [5, 5]], labels: [0, 0, 1])
        }
        #expect(throws: EvaluationError.nonFinite(what: "point 2", index: 0)) {
            try ClusteringMetrics.silhouetteScore([[0, 0], [1, 1], [.infinity, 5]], labels: [0, 0, 1])
        }
        #expect(throws: EvaluationError.lengthMismatch(what: "cluster labels", expected: 3, found: 2)) {
            try ClusteringMetrics.silhouetteScore(points, labels: [0, 1])
        }
    }
}
