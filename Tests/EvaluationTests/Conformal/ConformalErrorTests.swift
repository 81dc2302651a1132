// Every bad input of conformal prediction gives its typed EvaluationError, with a message that says what to do.
import Foundation
import Testing
import Evaluation

@Suite struct ConformalErrorTests {
    let probabilities: [[Double]] = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.5, 0.25, 0.25]]
    let labels = [0, 1, 2, 0]

    private func fitted(_ policy: SmallCalibrationPolicy = .strict, classConditional: Bool = false) throws -> FittedConformalClassifier {
        try SplitConformalClassifier(classConditional: classConditional, smallCalibration: policy)
            .fit(probabilities: probabilities, labels: labels)
    }

    @Test(arguments: [0.0, 1.0, -0.1, 1.5, Double.nan])
    func alphaOutsideTheOpenUnitInterval(alpha: Double) throws {
        let f = try fitted()
        let expected = EvaluationError.invalidAlpha(alpha)
        #expect { try f.predictionSets(probabilities, alpha: alpha) } throws: { error in
            // NaN ≠ NaN, so compare the case and the message.
            guard case .invalidAlpha = error as? EvaluationError else { return false }
            return (error as! EvaluationError).description == expected.description
        }
        #expect(throws: EvaluationError.self) { try ConformalQuantile.threshold([0.1, 0.2], alpha: alpha) }
        #expect(throws: EvaluationError.self) { try SplitConformalRegressor.fit(predictions: [1], truth: [1]).threshold(alpha: alpha) }
        #expect(expected.description.contains("outside (0, 1)"))
    }

    @Test func calibrationTooSmallSaysHowManyAreNeeded() throws {
        // 4 samples: α = 0.1 needs n ≥ 1/α − 1 = 9.
        let error = EvaluationError.calibrationTooSmall(what: "calibration set", samples: 4, alpha: 0.1, needed: 9)
        #expect(throws: error) { try fitted().predictionSets(probabilities, alpha: 0.1) }
        #expect(error.description.contains("at least 9"))
        #expect(try ConformalQuantile.minimumCalibrationCount(alpha: 0.1) == 9)
        #expect(try ConformalQuantile.minimumCalibrationCount(alpha: 0.05) == 19)
        #expect(try ConformalQuantile.minimumCalibrationCount(alpha: 0.3) == 3)
        // Exactly the minimum is enough: the largest score.
        #expect(try ConformalQuantile.threshold(Array(stride(from: 0.1, through: 0.9, by: 0.1)), alpha: 0.1) == 0.9)
        #expect(throws: EvaluationError.calibrationTooSmall(what: "calibration set", samples: 8, alpha: 0.1, needed: 9)) {
            try ConformalQuantile.threshold(Array(repeating: 0.5, count: 8), alpha: 0.1)
        }
        // Class-conditional: the message names the class (class 1 has one calibration row).
        #expect(throws: EvaluationError.calibrationTooSmall(what: "class 1", samples: 1, alpha: 0.4, needed: 2)) {
            try fitted(classConditional: true).thresholds(alpha: 0.4)
        }
        // Regression, both kinds.
        let split = try SplitConformalRegressor.fit(predictions: [1, 2, 3], truth: [1.5, 2, 2])
        #expect(throws: EvaluationError.calibrationTooSmall(what: "calibration set", samples: 3, alpha: 0.1, needed: 9)) {
            try split.intervals([1], alpha: 0.1)
        }
        let cqr = try ConformalizedQuantileRegressor.fit(lower: [0, 1], upper: [1, 2], truth: [0.5, 3])
        #expect(throws: EvaluationError.calibrationTooSmall(what: "calibration set", samples: 2, alpha: 0.2, needed: 4)) {
            try cqr.threshold(alpha: 0.2)
        }
    }

    @Test func tooSmallGivesFullSetsAndInfiniteIntervalsWhenAllowed() throws {
        let sets = try fitted(.infiniteThreshold).predictionSets(probabilities, alpha: 0.1)
        #expect(sets.sizes == [3, 3, 3, 3])
        #expect(try fitted(.infiniteThreshold, classConditional: true).thresholds(alpha: 0.4) == [0.5, .infinity, .infinity])
        let intervals = try SplitConformalRegressor.fit(predictions: [1, 2], truth: [1, 3], smallCalibration: .infiniteThreshold)
            .intervals([5], alpha: 0.05)
        #expect(intervals.lower == [-.infinity] && intervals.upper == [.infinity])
        #expect(try ConformalQuantile.threshold([], alpha: 0.5, policy: .infiniteThreshold) == .infinity)
    }

    @Test func badProbabilities() throws {
        let config = SplitConformalClassifier()
        #expect(throws: EvaluationError.invalidProbability(row: 1, column: 0, value: -0.1)) {
            try config.fit(probabilities: [[0.5, 0.5], [-0.1, 1.1]], labels: [0, 1])
        }
        #expect(throws: EvaluationError.self) {
            try config.fit(probabilities: [[0.5, 0.5], [.nan, 0.5]], labels: [0, 1])
        }
        #expect(throws: EvaluationError.probabilitiesDoNotSumToOne(row: 0, sum: 0.9)) {
            try config.fit(probabilities: [[0.5, 0.4], [0.5, 0.5]], labels: [0, 1])
        }
        // Within tolerance (a Float32 softmax) is fine.
        _ = try config.fit(probabilities: [[0.5, 0.500004], [0.5, 0.5]], labels: [0, 1])
        // At prediction time, too: sums, values, and the number of classes.
        let f = try fitted(.infiniteThreshold)
        #expect(throws: EvaluationError.probabilitiesDoNotSumToOne(row: 0, sum: 1.2)) {
            try f.predictionSets([[0.6, 0.3, 0.3]], alpha: 0.2)
        }
        #expect(throws: EvaluationError.lengthMismatch(what: "probability columns (classes)", expected: 3, found: 2)) {
            try f.predictionSets([[0.6, 0.4]], alpha: 0.2)
        }
        #expect(throws: EvaluationError.lengthMismatch(what: "probability row 1", expected: 3, found: 2)) {
            try f.predictionSets([[0.6, 0.2, 0.2], [0.6, 0.4]], alpha: 0.2)
        }
        #expect(throws: EvaluationError.emptyInput(what: "probabilities")) { try f.predictionSets([], alpha: 0.2) }
    }

    @Test func badLabelsAndLengths() throws {
        let config = SplitConformalClassifier()
        #expect(throws: EvaluationError.labelOutOfRange(index: 2, label: 3, classCount: 3)) {
            try config.fit(probabilities: probabilities, labels: [0, 1, 3, 0])
        }
        #expect(throws: EvaluationError.labelOutOfRange(index: 0, label: -1, classCount: 3)) {
            try config.fit(probabilities: probabilities, labels: [-1, 1, 2, 0])
        }
        #expect(throws: EvaluationError.lengthMismatch(what: "probability rows", expected: 3, found: 4)) {
            try config.fit(probabilities: probabilities, labels: [0, 1, 2])
        }
        let sets = PredictionSets(masks: [[true, false], [false, true]])
        #expect(throws: EvaluationError.lengthMismatch(what: "labels", expected: 2, found: 1)) {
            try ConformalMetrics.coverage(sets, labels: [0])
        }
        #expect(throws: EvaluationError.labelOutOfRange(index: 1, label: 2, classCount: 2)) {
            try ConformalMetrics.coverage(sets, labels: [0, 2])
        }
        #expect(throws: EvaluationError.lengthMismatch(what: "predictions", expected: 2, found: 1)) {
            try SplitConformalRegressor.fit(predictions: [1], truth: [1, 2])
        }
        #expect(throws: EvaluationError.lengthMismatch(what: "upper quantile predictions", expected: 2, found: 3)) {
            try ConformalizedQuantileRegressor.fit(lower: [0, 0], upper: [1, 1, 1], truth: [1, 2])
        }
        #expect(throws: EvaluationError.nonFinite(what: "truth", index: 1)) {
            try SplitConformalRegressor.fit(predictions: [1, 2], truth: [1, .nan])
        }
        #expect(throws: EvaluationError.emptyInput(what: "truth")) { try SplitConformalRegressor.fit(predictions: [], truth: []) }
        #expect(throws: EvaluationError.lengthMismatch(what: "truth", expected: 1, found: 2)) {
            try ConformalMetrics.coverage(PredictionIntervals(lower: [0], upper: [1]), truth: [0.5, 0.5])
        }
    }

    @Test func lowerAboveUpperQuantile() throws {
        let error = EvaluationError.quantilesCrossed(index: 1, lower: 3, upper: 2)
        #expect(throws: error) { try ConformalizedQuantileRegressor.fit(lower: [0, 3], upper: [1, 2], truth: [0.5, 2.5]) }
        let cqr = try ConformalizedQuantileRegressor.fit(lower: [0, 1], upper: [1, 2], truth: [0.5, 3],
                                                         smallCalibration: .infiniteThreshold)
        #expect(throws: error) { try cqr.intervals(lower: [0, 3], upper: [1, 2], alpha: 0.5) }
        #expect(error.description.contains("above the upper one"))
    }

    @Test func badRAPSParameters() {
        #expect(throws: EvaluationError.invalidArgument("RAPS lambda must be finite and ≥ 0, found -0.1")) {
            try SplitConformalClassifier(score: .raps(lambda: -0.1, kReg: 1, randomized: false)).fit(probabilities: probabilities, labels: labels)
        }
        #expect(throws: EvaluationError.invalidArgument("RAPS kReg must be ≥ 0, found -1")) {
            try SplitConformalClassifier(score: .raps(lambda: 0.1, kReg: -1, randomized: false)).fit(probabilities: probabilities, labels: labels)
        }
    }
}

@Suite struct ConformalHandBuiltValueTests {
    @Test func inconsistentFittedClassifierThrowsInsteadOfTrapping() {
        let noGroups = FittedConformalClassifier(configuration: SplitConformalClassifier(), classCount: 3, calibrationScores: [])
        #expect(throws: EvaluationError.invalidArgument("fitted conformal classifier: expected 1 groups of calibration scores, found 0")) {
            try noGroups.predictionSets([[0.2, 0.3, 0.5]], alpha: 0.1)
        }
    }

    /// α = 0.3 is 0.29999999999999998890 in binary; (9 + 1)(1 − α) must still count as 7, not round up to 8.
    @Test func decimalAlphaIsNotMovedByBinaryRounding() throws {
        #expect(ConformalQuantile.rank(calibrationCount: 9, alpha: 0.3) == 7)
        #expect(ConformalQuantile.rank(calibrationCount: 19, alpha: 0.05) == 19)
        #expect(ConformalQuantile.rank(calibrationCount: 99, alpha: 0.1) == 90)
        #expect(ConformalQuantile.rank(calibrationCount: 18, alpha: 0.05) == nil)
    }
}
