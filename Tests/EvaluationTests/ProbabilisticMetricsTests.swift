// Log loss against scikit-learn's log_loss fixtures (binary 1-D probabilities and 4-class matrices).
import Foundation
import Testing
import TestSupport
import Evaluation

@Suite("Log loss")
struct ProbabilisticMetricsTests {
    @Test func matchesScikitLearn() throws {
        for c in MetricFixtures.cases("binary_ranking") where c["log_loss"] != nil {
            let truth = c["truth"]!.ints, p = c["scores"]!.doubles, w = c["weights"]!.doubles
            expectParity(try ClassificationMetrics.logLoss(truth, positiveProbabilities: p), c["log_loss"], "binary log loss")
            expectParity(try ClassificationMetrics.logLoss(truth, positiveProbabilities: p, sampleWeight: w),
                         c["log_loss_weighted"], "weighted binary log loss")
        }
        for c in MetricFixtures.cases("multiclass_proba") {
            let truth = c["truth"]!.ints, p = c["proba"]!.rows, w = c["weights"]!.doubles
            expectParity(try ClassificationMetrics.logLoss(truth, probabilities: p), c["log_loss"], "log loss")
            expectParity(try ClassificationMetrics.logLoss(truth, probabilities: p, sampleWeight: w),
                         c["log_loss_weighted"], "weighted log loss")
        }
    }

    @Test func clipsToMachineEpsilon() throws {
        // A true-class probability of 0 costs −log(ε) = 36.04…, not infinity.
        let loss = try ClassificationMetrics.logLoss([0], probabilities: [[0, 1]])
        #expect(loss == -log(Double.ulpOfOne))
        #expect(try ClassificationMetrics.logLoss([1, 0], positiveProbabilities: [1, 0]) == -log(1 - Double.ulpOfOne))
    }

    @Test func badInputThrows() {
        #expect(throws: EvaluationError.probabilitiesDoNotSumToOne(row: 0, sum: 0.5)) {
            try ClassificationMetrics.logLoss([0], probabilities: [[0.25, 0.25]])
        }
        #expect(throws: EvaluationError.self) { try ClassificationMetrics.logLoss([0], probabilities: [[.nan, 1]]) }
        #expect(throws: EvaluationError.invalidProbability(row: 0, column: 1, value: 1.5)) {
            try ClassificationMetrics.logLoss([0], probabilities: [[0.5, 1.5]])
        }
        #expect(throws: EvaluationError.labelOutOfRange(index: 1, label: 2, classCount: 2)) {
            try ClassificationMetrics.logLoss([0, 2], probabilities: [[0.5, 0.5], [0.5, 0.5]])
        }
        #expect(throws: EvaluationError.lengthMismatch(what: "probability rows", expected: 2, found: 1)) {
            try ClassificationMetrics.logLoss([0, 1], probabilities: [[0.5, 0.5]])
        }
        #expect(throws: EvaluationError.emptyInput(what: "probabilities")) {
            try ClassificationMetrics.logLoss([], positiveProbabilities: [])
        }
        #expect(throws: EvaluationError.invalidProbability(row: 1, column: 1, value: 2)) {
            try ClassificationMetrics.logLoss([0, 1], positiveProbabilities: [0.5, 2])
        }
        #expect(throws: EvaluationError.invalidArgument("every sample weight is 0")) {
            try ClassificationMetrics.logLoss([0, 1], positiveProbabilities: [0.5, 0.5], sampleWeight: [0, 0])
        }
        #expect(throws: EvaluationError.labelOutOfRange(index: 0, label: -1, classCount: 2)) {
            try ClassificationMetrics.logLoss([-1, 1], positiveProbabilities: [0.5, 0.5])
        }
    }
}
