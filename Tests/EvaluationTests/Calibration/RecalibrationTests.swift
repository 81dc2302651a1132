// Recalibrators against netcal's TemperatureScaling and scikit-learn's _TemperatureScaling,
// _sigmoid_calibration, IsotonicRegression and CalibratedClassifierCV.
import Foundation
import Testing
import TestSupport
import Evaluation

@Suite("Recalibration")
struct RecalibrationTests {
    let m = CalibrationFixtures.multiclass

    @Test func temperatureMatchesNetcalAndScikitLearn() throws {
        let fitted = try TemperatureScaling().fit(m["logits_cal"]!.rows, labels: m["labels_cal"]!.ints)
        // Both libraries report the logit multiplier 1/T.
        expectClose([1 / fitted.temperature], [m["netcal_temperature_multiplier"]!.double!], 1e-6, "netcal 1/T")
        expectClose([1 / fitted.temperature], [m["sklearn_temperature_beta"]!.double!], 1e-6, "scikit-learn beta")
        let calibrated = try fitted.calibratedProbabilities(m["logits_test"]!.rows)
        expectClose(calibrated.flatMap { $0 }, m["netcal_ts_proba_test"]!.rows.flatMap { $0 }, 1e-6, "netcal transform")
        // Calibration improves this over-confident model, and a saved temperature reloads unchanged.
        let truth = m["labels_test"]!.ints
        #expect(try CalibrationMetrics.expectedCalibrationError(truth, probabilities: calibrated)
                < CalibrationMetrics.expectedCalibrationError(truth, probabilities: m["proba_test"]!.rows))
        #expect(try CalibrationMetrics.negativeLogLikelihood(truth, probabilities: calibrated)
                < CalibrationMetrics.negativeLogLikelihood(truth, probabilities: m["proba_test"]!.rows))
        #expect(try jsonRoundTrip(fitted))
        #expect(fitted.temperature > 1)
    }

    @Test func temperatureRefusesDegenerateSets() {
        // Labels opposite to the logits: the NLL falls as T → ∞.
        #expect(throws: EvaluationError.self) { try TemperatureScaling().fit([[2, 0], [0, 2]], labels: [1, 0]) }
        // Every sample right with a margin: the NLL falls as T → 0.
        do {
            _ = try TemperatureScaling().fit([[2, 0], [0, 2]], labels: [0, 1])
            Issue.record("separable set did not throw")
        } catch {
            if case let .cannotFitCalibrator(method, reason) = error {
                #expect(method == "temperature scaling" && reason.contains("larger or harder held-out set"))
            } else { Issue.record("wrong error \(error)") }
        }
        #expect(throws: EvaluationError.widthMismatch(what: "calibration scores", expected: 3, found: 2)) {
            try FittedTemperatureScaling(temperature: 2, classCount: 3).calibratedProbabilities([[1, 2]])
        }
    }

    @Test func vectorScalingReachesAStationaryPointBelowTemperature() throws {
        let logits = m["logits_cal"]!.rows, labels = m["labels_cal"]!.ints
        let vector = try VectorScaling().fit(logits, labels: labels)
        let temperature = try TemperatureScaling().fit(logits, labels: labels)
        let nll = { (p: [[Double]]) throws in try CalibrationMetrics.negativeLogLikelihood(labels, probabilities: p) }
        // More parameters fit the held-out set at least as well; biases sum to 0.
        #expect(try nll(vector.calibratedProbabilities(logits)) <= nll(temperature.calibratedProbabilities(logits)) + 1e-12)
        #expect(Swift.abs(vector.biases.reduce(0, +)) < 1e-9)
        // Gradient of the mean NLL at the fit is (numerically) zero: perturbing a weight does not lower it.
        let base = try nll(vector.calibratedProbabilities(logits))
        for c in 0..<4 {
            for delta in [-1e-4, 1e-4] {
                var w = vector.weights
                w[c] += delta
                let moved = FittedVectorScaling(weights: w, biases: vector.biases)
                #expect(try nll(moved.calibratedProbabilities(logits)) >= base - 1e-12)
            }
        }
        #expect(try jsonRoundTrip(vector))
    }

    @Test func plattMatchesScikitLearnSigmoidCalibration() throws {
        for c in CalibrationFixtures.cases("platt") {
            let fitted = try PlattScaling().fitBinary(c["scores"]!.doubles, positives: c["truth"]!.ints.map { $0 == 1 })
            expectClose([fitted.a, fitted.b], [c["a"]!.double!, c["b"]!.double!], 1e-6, "Platt \(c["name"]!.string!)")
        }
    }

    @Test func isotonicRegressionMatchesScikitLearn() throws {
        for c in CalibrationFixtures.cases("isotonic") {
            let name = c["name"]!.string!
            let weights = c["weights"]!.array == nil ? nil : c["weights"]!.doubles
            for (key, oob) in [("predict_nan", IsotonicRegression.OutOfBounds.nan), ("predict_clip", .clip)] {
                let config = IsotonicRegression(increasing: c["increasing"]!.bool!, yMin: c["y_min"]?.double,
                                                yMax: c["y_max"]?.double, outOfBounds: oob)
                let fitted = try config.fit(c["x"]!.doubles, c["y"]!.doubles, sampleWeight: weights)
                expectParity(fitted.xThresholds, c["x_thresholds"]!.doubles, "\(name) X_thresholds_")
                expectParity(fitted.yThresholds, c["y_thresholds"]!.doubles, "\(name) y_thresholds_")
                expectParity(try fitted.predict(c["grid"]!.doubles), c[key]!.doubles, "\(name) \(key)")
                #expect(try jsonRoundTrip(fitted))
            }
        }
        let fitted = try IsotonicRegression(outOfBounds: .error).fit([0, 1], [0, 1])
        #expect(throws: EvaluationError.outsideFittedRange(value: 2, lower: 0, upper: 1)) { try fitted.predict([2]) }
        #expect(throws: EvaluationError.self) { try IsotonicRegression(yMin: 2, yMax: 1).fit([0], [0]) }
        #expect(try IsotonicRegression().fit([3, 3], [1, 2]).predict([3, 5]) == [1.5, 1.5])
    }

    @Test func oneVsRestMatchesCalibratedClassifierCV() throws {
        let scores = m["decision_cal"]!.rows, labels = Array(m["labels_cal"]!.ints)
        let test = m["decision_test"]!.rows
        let platt = try PlattScaling().fit(scores, labels: labels)
        expectClose(try platt.calibratedProbabilities(test).flatMap { $0 }, m["ccv_sigmoid_proba_test"]!.rows.flatMap { $0 },
                    1e-6, "multiclass sigmoid")
        let isotonic = try IsotonicCalibration().fit(scores, labels: labels)
        expectClose(try isotonic.calibratedProbabilities(test).flatMap { $0 }, m["ccv_isotonic_proba_test"]!.rows.flatMap { $0 },
                    1e-9, "multiclass isotonic")
        #expect(try jsonRoundTrip(isotonic))

        let b = CalibrationFixtures.root["binary_ccv"]!
        let binaryScores = b["decision_cal"]!.doubles.map { [-$0, $0] }, binaryTest = b["decision_test"]!.doubles.map { [-$0, $0] }
        let binaryLabels = b["labels_cal"]!.ints
        expectClose(try PlattScaling().fit(binaryScores, labels: binaryLabels).calibratedProbabilities(binaryTest).flatMap { $0 },
                    b["ccv_sigmoid_proba_test"]!.rows.flatMap { $0 }, 1e-6, "binary sigmoid")
        expectClose(try IsotonicCalibration().fit(binaryScores, labels: binaryLabels).calibratedProbabilities(binaryTest).flatMap { $0 },
                    b["ccv_isotonic_proba_test"]!.rows.flatMap { $0 }, 1e-9, "binary isotonic")
    }

    @Test func histogramBinningMapsBinsToPositiveFractions() throws {
        // Bins of width 0.5: (0, 0.5] holds 0.1, 0.2, 0.4 (one positive), (0.5, 1] holds 0.9 (positive).
        let fitted = try HistogramBinning(bins: 2).fitBinary([0.1, 0.2, 0.4, 0.9], positives: [false, true, false, true])
        #expect(fitted.edges == [0, 0.5, 1])
        #expect(try fitted.probabilities([0.0, 0.5, 0.51, 1]) == [1.0 / 3, 1.0 / 3, 1, 1])
        // An empty bin maps to its midpoint.
        #expect(try HistogramBinning(bins: 4).fitBinary([0.1, 0.9], positives: [false, true]).values == [0, 0.375, 0.625, 1])
        let multiclass = try HistogramBinning(bins: 10).fit(m["proba_test"]!.rows, labels: m["labels_test"]!.ints)
        let calibrated = try multiclass.calibratedProbabilities(m["proba_test"]!.rows)
        #expect(calibrated.allSatisfy { Swift.abs($0.reduce(0, +) - 1) < 1e-12 })
        #expect(try jsonRoundTrip(multiclass))
        #expect(throws: EvaluationError.nonPositiveBinCount(-1)) {
            try HistogramBinning(bins: -1).fitBinary([0.5], positives: [true])
        }
        #expect(throws: EvaluationError.invalidProbability(row: 0, column: 0, value: 1.5)) { try fitted.probabilities([1.5]) }
    }

    @Test func badCalibrationInputThrows() {
        #expect(throws: EvaluationError.labelOutOfRange(index: 0, label: 5, classCount: 2)) {
            try PlattScaling().fit([[0, 1]], labels: [5])
        }
        #expect(throws: EvaluationError.lengthMismatch(what: "calibration scores rows", expected: 2, found: 1)) {
            try IsotonicCalibration().fit([[0, 1]], labels: [0, 1])
        }
        #expect(throws: EvaluationError.nonFinite(what: "logits row 0", index: 0)) {
            try VectorScaling().fit([[.nan, 1]], labels: [0])
        }
        #expect(throws: EvaluationError.parameterOutOfRange(name: "gradientTolerance", value: 0, allowed: "positive")) {
            try VectorScaling(gradientTolerance: 0).fit([[0, 1]], labels: [0])
        }
        #expect(throws: EvaluationError.invalidArgument("calibration scores have 1 column; pass one score per class (at least 2)")) {
            try PlattScaling().fit([[0.3]], labels: [0])
        }
    }
}
