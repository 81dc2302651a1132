import Evaluation
import Foundation
import Tensors
import Testing
import TestSupport
@testable import ClassicML

@Suite("IsolationForest")
struct IsolationForestTests {
    static func data() -> (x: Tensor, truth: [Int]) {
        let f = SVMFixtures.shared.isolation_forest
        let inliers = f.rows - f.outliers
        return (Tensor(f.x, shape: [f.rows, 2]), (0..<f.rows).map { $0 < inliers ? 0 : 1 })
    }

    @Test func ranksInjectedOutliersAsWellAsScikitLearn() throws {
        let (x, truth) = Self.data()
        let reference = SVMFixtures.shared.isolation_forest
        for seed: UInt64 in [0, 1, 2] {
            let scores = try IsolationForest(seed: seed).fit(x).scoreSamples(x).doubles
            let auroc = try ClassificationMetrics.rocAUC(truth, scores: scores.map { -$0 })
            print("isolation forest seed \(seed): AUROC \(auroc) vs scikit-learn \(reference.auroc_mean) (\(reference.auroc))")
            #expect(auroc >= reference.auroc_mean - 0.01)
            #expect(scores.allSatisfy { $0 < 0 && $0 >= -1 })
        }
    }

    @Test func contaminationSetsTheOutlierFraction() throws {
        let (x, _) = Self.data()
        for fraction in [0.05, 0.1, 0.2] {
            let model = try IsolationForest(contamination: .fraction(fraction), seed: 3).fit(x)
            let outliers = try model.predict(x).doubles.filter { $0 == -1 }.count
            // The offset is the percentile of distinct training scores: that fraction of rows, up to one.
            #expect(abs(Double(outliers) - fraction * Double(x.shape[0])) <= 1, "\(fraction): \(outliers) outliers")
        }
        #expect(SVMFixtures.shared.isolation_forest.contamination_0_1_outlier_fraction == 0.1)
        let auto = try IsolationForest(seed: 0).fit(x)
        #expect(auto.offset == -0.5)
        let d = try auto.decisionFunction(x).doubles, s = try auto.scoreSamples(x).doubles
        #expect(zip(d, s).allSatisfy { abs($0 - ($1 + 0.5)) < 1e-15 })
    }

    @Test func averagePathLengthMatchesHandValues() {
        #expect(IsolationForest.averagePathLength(0) == 0)
        #expect(IsolationForest.averagePathLength(1) == 0)
        #expect(IsolationForest.averagePathLength(2) == 1)
        // c(3) = 2(ln 2 + γ) − 4/3; c(256) = 2(ln 255 + γ) − 510/256.
        let gamma = 0.5772156649015329
        #expect(abs(IsolationForest.averagePathLength(3) - (2 * (log(2.0) + gamma) - 4.0 / 3)) < 1e-15)
        #expect(abs(IsolationForest.averagePathLength(3) - 1.207392357589623) < 1e-12)
        #expect(abs(IsolationForest.averagePathLength(256) - 10.244770920119917) < 1e-12)
    }

    @Test func aRowIsolatedAtTheRootScoresNearMinusOne() throws {
        // 255 equal rows and one far away: every tree isolates the far row with one split (depth 1).
        var values = [Double](repeating: 0, count: 256)
        values[255] = 100
        let model = try IsolationForest(treeCount: 10, seed: 0).fit(Tensor(values, shape: [256, 1]))
        let s = try model.scoreSamples(Tensor([100.0, 0], shape: [2, 1])).doubles
        #expect(abs(s[0] - -pow(2, -1 / IsolationForest.averagePathLength(256))) < 1e-12)
        // The equal rows share one leaf of 255 at depth 1: path 1 + c(255).
        #expect(abs(s[1] - -pow(2, -(1 + IsolationForest.averagePathLength(255)) / IsolationForest.averagePathLength(256))) < 1e-12)
    }

    @Test func conformsToTheEstimatorChecks() throws {
        let (x, _) = Self.data()
        try checkEstimator(IsolationForest(treeCount: 20, contamination: .fraction(0.1), seed: 1), x: x, y: nil) {
            (m, x) throws(ClassicMLError) in try m.scoreSamples(x)
        }
        for bad in [IsolationForest(treeCount: 0), IsolationForest(maxSamples: .count(10_000)), IsolationForest(maxFeatures: 0),
                    IsolationForest(contamination: .fraction(0.7))] {
            #expect(throws: ClassicMLError.self) { _ = try bad.fit(x) }
        }
    }
}
