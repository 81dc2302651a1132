// Coverage, size and grouped coverage on hand-checked sets and intervals; set rules of each score by hand.
import Testing
import Evaluation
import Tensors

@Suite struct ConformalMetricsTests {
    let sets = PredictionSets(masks: [[true, false, false], [true, true, false], [false, false, false], [true, true, true]])
    let labels = [0, 2, 1, 1]

    @Test func coverageAndSizes() throws {
        #expect(sets.indices == [[0], [0, 1], [], [0, 1, 2]])
        #expect(sets.sizes == [1, 2, 0, 3])
        #expect(try ConformalMetrics.coverage(sets, labels: labels) == 0.5)
        #expect(try ConformalMetrics.meanSetSize(sets) == 1.5)
        #expect(try ConformalMetrics.perClassCoverage(sets, labels: labels) ==
                [CoverageGroup(key: 0, count: 1, coverage: 1), CoverageGroup(key: 1, count: 2, coverage: 0.5),
                 CoverageGroup(key: 2, count: 1, coverage: 0)])
        #expect(try ConformalMetrics.sizeStratifiedCoverage(sets, labels: labels) ==
                [CoverageGroup(key: 0, count: 1, coverage: 0), CoverageGroup(key: 1, count: 1, coverage: 1),
                 CoverageGroup(key: 2, count: 1, coverage: 0), CoverageGroup(key: 3, count: 1, coverage: 1)])
    }

    @Test func intervalCoverageAndWidth() throws {
        let intervals = PredictionIntervals(lower: [0, 1, 2], upper: [1, 3, 2.5])
        #expect(try ConformalMetrics.coverage(intervals, truth: [1, 0.5, 2]) == 2.0 / 3)   // closed intervals
        #expect(try ConformalMetrics.meanWidth(intervals) == 3.5 / 3)
    }

    @Test func scoresAndSetRulesByHand() {
        let p = [0.1, 0.6, 0.3]
        #expect(ConformalScore.lac.score(p, label: 2) == 0.7)
        // APS: sorted 0.6 (class 1), 0.3 (class 2), 0.1 (class 0).
        #expect(abs(ConformalScore.aps(randomized: false).score(p, label: 2) - 0.9) < 1e-15)
        #expect(abs(ConformalScore.aps(randomized: true).score(p, label: 2, uniform: 0.5) - 0.75) < 1e-15)
        // RAPS with λ = 0.5, k_reg = 1: class 0 has rank 3, so 1.0 + 0.5·2.
        #expect(abs(ConformalScore.raps(lambda: 0.5, kReg: 1, randomized: false).score(p, label: 0) - 2.0) < 1e-15)
        #expect(abs(ConformalScore.raps(lambda: 0.5, kReg: 1, randomized: true).score(p, label: 2, uniform: 0.5) - (0.6 + 0.4)) < 1e-15)
        // LAC sets may be empty; deterministic APS keeps the top class and stops at the class that reaches q̂.
        #expect(ConformalScore.lac.predictionSet(p, threshold: 0.3) == [false, false, false])
        #expect(ConformalScore.aps(randomized: false).predictionSet(p, threshold: 0.1) == [false, true, false])
        #expect(ConformalScore.aps(randomized: false).predictionSet(p, threshold: 0.6) == [false, true, false])
        #expect(ConformalScore.aps(randomized: false).predictionSet(p, threshold: 0.61) == [false, true, true])
        // Randomised APS at u = 0.5: scores 0.3 (class 1), 0.75 (class 2), 0.95 (class 0); empty below 0.3.
        #expect(ConformalScore.aps(randomized: true).predictionSet(p, threshold: 0.8, uniform: 0.5) == [false, true, true])
        #expect(ConformalScore.aps(randomized: true).predictionSet(p, threshold: 0.2, uniform: 0.5) == [false, false, false])
    }

    @Test func randomizedSetsAreSeeded() throws {
        let p: [[Double]] = (0..<40).map { i in let a = Double(i % 7) / 10 + 0.1; return [a, (1 - a) / 2, (1 - a) / 2] }
        let y = (0..<40).map { $0 % 3 }
        let f = try SplitConformalClassifier(score: .aps(randomized: true), seed: 3).fit(probabilities: p, labels: y)
        #expect(try f.predictionSets(p, alpha: 0.2) == f.predictionSets(p, alpha: 0.2))
        #expect(try f.predictionSets(p, alpha: 0.2, seed: 4) != f.predictionSets(p, alpha: 0.2, seed: 5))
        let g = try SplitConformalClassifier(score: .aps(randomized: true), seed: 4).fit(probabilities: p, labels: y)
        #expect(f.calibrationScores != g.calibrationScores)
    }
}

@Suite struct ConformalTensorInputTests {
    @Test func tensorsGiveTheSameSetsAsArrays() throws {
        let rows: [[Double]] = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.25, 0.25, 0.5], [0.5, 0.25, 0.25], [0.125, 0.125, 0.75]]
        let labels = [0, 1, 2, 0, 2]
        let config = SplitConformalClassifier(score: .aps(randomized: false), smallCalibration: .infiniteThreshold)
        let fromArrays = try config.fit(probabilities: rows, labels: labels)
        let fromTensors = try config.fit(probabilities: Tensor(rows.flatMap { $0 }, shape: [5, 3]),
                                         labels: Tensor(labels.map(Double.init), shape: [5]))
        #expect(fromTensors == fromArrays)
        #expect(try fromTensors.predictionSets(Tensor(rows.flatMap { $0 }, shape: [5, 3]), alpha: 0.4)
                == fromArrays.predictionSets(rows, alpha: 0.4))
        #expect(throws: EvaluationError.invalidArgument("conformal probabilities: expected an [N, C] matrix, found shape [15]")) {
            try fromArrays.predictionSets(Tensor(rows.flatMap { $0 }, shape: [15]), alpha: 0.4)
        }
    }
}
