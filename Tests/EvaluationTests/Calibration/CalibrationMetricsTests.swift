// Calibration metrics against scikit-learn's calibration_curve / brier_score_loss / log_loss and netcal's ECE/MCE.
import Foundation
import Testing
import TestSupport
import Evaluation

@Suite("Calibration metrics")
struct CalibrationMetricsTests {
    @Test func binningMatchesScikitLearnCalibrationCurve() throws {
        for c in CalibrationFixtures.cases("binary") {
            let p = c["proba"]!.doubles, truth = c["truth"]!.ints
            for curve in c["curves"]!.array! {
                let strategy = curve["strategy"]!.string!, bins = curve["n_bins"]!.int!
                let binning: CalibrationBinning = strategy == "uniform" ? .equalWidth : .equalMass
                let what = "\(c["name"]!.string!) \(strategy) \(bins) bins"
                let d = try CalibrationMetrics.reliabilityDiagram(truth, positiveProbabilities: p, bins: bins, binning: binning)
                #expect(d.edges == curve["edges"]!.doubles, "\(what): edges")
                #expect(d.counts == curve["counts"]!.ints, "\(what): counts")
                let (fraction, mean) = d.calibrationCurve
                expectParity(fraction, curve["prob_true"]!.doubles, "\(what): prob_true")
                expectParity(mean, curve["prob_pred"]!.doubles, "\(what): prob_pred")
                expectParity(d.expectedCalibrationError, curve["ece"], "\(what): ECE")
                expectParity(try CalibrationMetrics.expectedCalibrationError(truth, positiveProbabilities: p, bins: bins,
                                                                             binning: binning), curve["ece"], "\(what): ECE")
            }
        }
    }

    @Test func topLabelErrorsMatchNetcal() throws {
        let m = CalibrationFixtures.multiclass
        let p = m["proba_test"]!.rows, truth = m["labels_test"]!.ints
        expectParity(try CalibrationMetrics.expectedCalibrationError(truth, probabilities: p, bins: 10), m["netcal_ece_10"], "ECE 10")
        expectParity(try CalibrationMetrics.expectedCalibrationError(truth, probabilities: p, bins: 15), m["netcal_ece_15"], "ECE 15")
        expectParity(try CalibrationMetrics.maximumCalibrationError(truth, probabilities: p, bins: 10), m["netcal_mce_10"], "MCE 10")
    }

    @Test func properScoresMatchScikitLearn() throws {
        let m = CalibrationFixtures.multiclass
        let p = m["proba_test"]!.rows, truth = m["labels_test"]!.ints
        expectParity(try CalibrationMetrics.brierScore(truth, probabilities: p), m["brier"], "multiclass Brier")
        expectParity(try CalibrationMetrics.negativeLogLikelihood(truth, probabilities: p), m["log_loss"], "log loss")
        expectParity(try CalibrationMetrics.negativeLogLikelihood(truth, logits: m["logits_test"]!.rows), m["log_loss"],
                     "NLL from logits")
        for c in CalibrationFixtures.cases("binary") {
            let p = c["proba"]!.doubles, truth = c["truth"]!.ints
            expectParity(try CalibrationMetrics.brierScore(truth, positiveProbabilities: p), c["brier"], "binary Brier")
            expectParity(try CalibrationMetrics.brierScore(truth, probabilities: p.map { [1 - $0, $0] }),
                         c["brier_two_column_unscaled"], "two-column Brier")
        }
    }

    @Test func classwiseErrorAveragesOneVsRestDiagrams() throws {
        // Class 0: column [0.9, 0.2, 0.6] against [1, 0, 0]: one equal-width bin per value.
        let truth = [0, 1, 1], p = [[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]
        let perClass = try CalibrationMetrics.classwiseReliabilityDiagrams(truth, probabilities: p, bins: 10)
        // |1 − 0.9| + |0 − 0.2| + |0 − 0.6| over 3 samples, and the mirror image for class 1.
        #expect(Swift.abs(perClass[0].expectedCalibrationError - 0.9 / 3) < 1e-12)
        #expect(Swift.abs(perClass[1].expectedCalibrationError - 0.9 / 3) < 1e-12)
        #expect(Swift.abs(try CalibrationMetrics.classwiseCalibrationError(truth, probabilities: p, bins: 10) - 0.3) < 1e-12)
        // One bin: |mean accuracy − mean confidence| of the top label.
        let top = try CalibrationMetrics.reliabilityDiagram(truth, probabilities: p, bins: 1)
        #expect(top.counts == [3] && Swift.abs(top.expectedCalibrationError - Swift.abs(2.0 / 3 - 2.3 / 3)) < 1e-12)
        #expect(top.sampleCount == 3)
    }

    @Test func equalMassBinsHoldEqualCounts() throws {
        let p = (0..<100).map { Double($0) / 100 + 0.005 }, truth = (0..<100).map { $0 % 2 }
        let d = try CalibrationMetrics.reliabilityDiagram(truth, positiveProbabilities: p, bins: 4, binning: .equalMass)
        #expect(d.counts == [25, 25, 25, 25])
        #expect(try jsonRoundTrip(d))
    }

    @Test func badInputThrowsWithAFix() {
        #expect(throws: EvaluationError.nonPositiveBinCount(0)) {
            try CalibrationMetrics.expectedCalibrationError([0], probabilities: [[1, 0]], bins: 0)
        }
        #expect(EvaluationError.nonPositiveBinCount(0).description.contains("at least 1 bin"))
        #expect(throws: EvaluationError.invalidProbability(row: 0, column: 0, value: -0.1)) {
            try CalibrationMetrics.expectedCalibrationError([0], probabilities: [[-0.1, 1.1]])
        }
        let nan = #expect(throws: EvaluationError.self) { try CalibrationMetrics.brierScore([0], probabilities: [[0.5, .nan]]) }
        #expect(nan?.description.hasPrefix("probability at row 0, column 1 is nan") == true)
        #expect(throws: EvaluationError.probabilitiesDoNotSumToOne(row: 1, sum: 0.9)) {
            try CalibrationMetrics.maximumCalibrationError([0, 1], probabilities: [[0.5, 0.5], [0.5, 0.4]])
        }
        #expect(EvaluationError.probabilitiesDoNotSumToOne(row: 1, sum: 0.9).description.contains("normalise"))
        // Float32 softmax rows (sums off by ~1e-7) are accepted.
        #expect(throws: Never.self) {
            try CalibrationMetrics.expectedCalibrationError([0], probabilities: [[0.7000001, 0.3000001]])
        }
        #expect(throws: EvaluationError.labelOutOfRange(index: 0, label: 2, classCount: 2)) {
            try CalibrationMetrics.classwiseCalibrationError([2], probabilities: [[0.5, 0.5]])
        }
        #expect(throws: EvaluationError.labelOutOfRange(index: 1, label: 2, classCount: 2)) {
            try CalibrationMetrics.brierScore([0, 2], positiveProbabilities: [0.5, 0.5])
        }
        #expect(throws: EvaluationError.lengthMismatch(what: "probabilities", expected: 2, found: 1)) {
            try CalibrationMetrics.reliabilityDiagram([0, 1], positiveProbabilities: [0.5])
        }
        #expect(throws: EvaluationError.lengthMismatch(what: "probability rows", expected: 1, found: 2)) {
            try CalibrationMetrics.negativeLogLikelihood([0], probabilities: [[1, 0], [0, 1]])
        }
        #expect(throws: EvaluationError.emptyInput(what: "probabilities")) {
            try CalibrationMetrics.expectedCalibrationError([], positiveProbabilities: [])
        }
        #expect(throws: EvaluationError.nonFinite(what: "logits row 0", index: 1)) {
            try CalibrationMetrics.negativeLogLikelihood([0], logits: [[0, .infinity]])
        }
    }
}
