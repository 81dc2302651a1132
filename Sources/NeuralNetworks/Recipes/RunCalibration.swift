// Calibration of a classification run on held-out rows: a temperature for honest probabilities and a
// split-conformal predictor for prediction sets, saved beside the model as calibration.json.
import Datasets
import Evaluation
import Foundation
import Tensors

/// What `swiftlearn train` and `swiftlearn calibrate` fit on held-out rows of a classifier: temperature
/// scaling of its logits (Guo et al. 2017) and split-conformal LAC sets on its uncalibrated softmax
/// probabilities (the conformal scores do not depend on the temperature fitted on the same rows, so the
/// coverage guarantee holds exactly).
public struct RunCalibration: Codable, Sendable {
    public static let fileName = "calibration.json"
    public var temperature: FittedTemperatureScaling
    public var conformal: FittedConformalClassifier
    /// Rows it was fitted on, and where they came from.
    public var calibrationRows: Int
    public var data: String

    /// Fits both on `logits` `[rows, classes]` and class codes.
    /// - Throws: ``EvaluationError`` (a set too small for conformal prediction at α = 0.1 needs ≥ 9 rows; a
    ///   held-out set the model classifies perfectly cannot fix a temperature).
    public static func fit(logits: Tensor, labels: [Int], data: String) throws(EvaluationError) -> RunCalibration {
        let rows = Self.rows(logits)
        let temperature = try TemperatureScaling().fit(rows, labels: labels)
        let conformal = try SplitConformalClassifier().fit(probabilities: softmax(rows), labels: labels)
        return RunCalibration(temperature: temperature, conformal: conformal, calibrationRows: labels.count, data: data)
    }

    /// Temperature-scaled probabilities of `logits`.
    public func probabilities(logits: Tensor) throws(EvaluationError) -> [[Double]] {
        try temperature.calibratedProbabilities(Self.rows(logits))
    }

    /// Conformal prediction sets at miscoverage `alpha` for `logits`.
    public func predictionSets(logits: Tensor, alpha: Double) throws(EvaluationError) -> PredictionSets {
        try conformal.predictionSets(Self.softmax(Self.rows(logits)), alpha: alpha)
    }

    /// Reads `calibration.json` in a run directory, or `nil` when the run has none.
    /// - Throws: ``RecipeError/invalidRun(path:reason:)`` when the file exists but is unreadable.
    public static func load(from dir: URL) throws -> RunCalibration? {
        let url = dir.appendingPathComponent(fileName)
        guard let bytes = FileManager.default.contents(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(RunCalibration.self, from: bytes)
        } catch {
            throw RecipeError.invalidRun(path: url.path, reason: "unreadable calibration: \(describeDecodingError(error))")
        }
    }

    /// The JSON written to `calibration.json`.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    static func rows(_ t: Tensor) -> [[Double]] {
        let v = t.doubles, k = t.shape[1]
        return (0..<t.shape[0]).map { Array(v[($0 * k)..<(($0 + 1) * k)]) }
    }

    static func softmax(_ logits: [[Double]]) -> [[Double]] {
        logits.map { row in
            let m = row.max() ?? 0
            let e = row.map { Foundation.exp($0 - m) }
            let s = e.reduce(0, +)
            return e.map { $0 / s }
        }
    }
}

/// How calibrated a classification run is, measured on held-out rows the calibration was not fitted on.
public struct CalibrationReport: Codable, Sendable, Equatable {
    /// Held-out rows the temperature and conformal quantile were fitted on, and rows they are scored on.
    public var calibrationRows: Int, evaluationRows: Int
    public var temperature: Double
    /// Top-label expected calibration error (15 equal-width bins) before and after temperature scaling.
    public var eceBefore: Double, eceAfter: Double
    /// Negative log-likelihood before and after.
    public var nllBefore: Double, nllAfter: Double
    /// The conformal miscoverage level, mean prediction-set size and empirical coverage of the sets.
    public var alpha: Double, meanSetSize: Double, coverage: Double

    /// Fits a ``RunCalibration`` on the `calibration` rows' logits and scores it on the `evaluation` rows.
    public static func measure(logits: Tensor, labels: [Int], calibration: [Int], evaluation: [Int], alpha: Double = 0.1,
                               data: String) throws(EvaluationError) -> (RunCalibration, CalibrationReport) {
        let all = RunCalibration.rows(logits)
        let fitted = try RunCalibration.fit(logits: Tensor(calibration.flatMap { all[$0] }, shape: [calibration.count, all[0].count]),
                                            labels: calibration.map { labels[$0] }, data: data)
        let held = Tensor(evaluation.flatMap { all[$0] }, shape: [evaluation.count, all[0].count])
        let truth = evaluation.map { labels[$0] }
        let before = RunCalibration.softmax(RunCalibration.rows(held)), after = try fitted.probabilities(logits: held)
        let sets = try fitted.predictionSets(logits: held, alpha: alpha)
        let report = CalibrationReport(
            calibrationRows: calibration.count, evaluationRows: evaluation.count, temperature: fitted.temperature.temperature,
            eceBefore: try CalibrationMetrics.expectedCalibrationError(truth, probabilities: before),
            eceAfter: try CalibrationMetrics.expectedCalibrationError(truth, probabilities: after),
            nllBefore: try CalibrationMetrics.negativeLogLikelihood(truth, probabilities: before),
            nllAfter: try CalibrationMetrics.negativeLogLikelihood(truth, probabilities: after),
            alpha: alpha, meanSetSize: try ConformalMetrics.meanSetSize(sets), coverage: try ConformalMetrics.coverage(sets, labels: truth))
        return (fitted, report)
    }
}
