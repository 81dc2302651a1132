// Saving and loading fitted conformal predictors as JSON (atomic writes).
import Foundation
import Tensors

/// A fitted conformal predictor that saves itself as one JSON file.
public protocol ConformalPredictorFile: Codable {}

extension ConformalPredictorFile {
    /// Writes the predictor as JSON to `url` atomically (temporary file, fsync, rename).
    /// - Throws: ``EvaluationError/conformalFile(path:detail:)``.
    public func save(to url: URL) throws(EvaluationError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Non-finite numbers cannot occur in the stored scores, but a hand-built value could hold them.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            try AtomicFile.write(Array(try encoder.encode(self)), to: url)
        } catch {
            throw .conformalFile(path: url.path, detail: "\(error)")
        }
    }

    /// Reads a predictor written by ``save(to:)``.
    /// - Throws: ``EvaluationError/conformalFile(path:detail:)`` when the file is missing, not JSON of this
    ///   type, or inconsistent.
    public static func load(from url: URL) throws(EvaluationError) -> Self {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let value: Self
        do {
            value = try decoder.decode(Self.self, from: Data(contentsOf: url))
        } catch {
            throw .conformalFile(path: url.path, detail: "\(error)")
        }
        if let problem = (value as? any ConsistencyChecked)?.inconsistency {
            throw .conformalFile(path: url.path, detail: problem)
        }
        return value
    }
}

/// A decoded predictor that can say what is wrong with it (scores unsorted or non-finite, wrong group count).
protocol ConsistencyChecked {
    var inconsistency: String? { get }
}

/// Why a list of calibration-score groups cannot come from a fit, or nil.
func calibrationScoresProblem(_ groups: [[Double]], expectedGroups: Int) -> String? {
    if groups.count != expectedGroups { return "expected \(expectedGroups) groups of calibration scores, found \(groups.count)" }
    for (g, scores) in groups.enumerated() {
        if scores.contains(where: { !$0.isFinite }) { return "calibration scores of group \(g) are not all finite" }
        if zip(scores, scores.dropFirst()).contains(where: { $0 > $1 }) { return "calibration scores of group \(g) are not sorted" }
    }
    return nil
}

extension FittedConformalClassifier: ConformalPredictorFile, ConsistencyChecked {
    var inconsistency: String? {
        if classCount < 1 { return "classCount must be ≥ 1, found \(classCount)" }
        do { try configuration.score.validate() } catch { return error.description }
        return calibrationScoresProblem(calibrationScores, expectedGroups: configuration.classConditional ? classCount : 1)
    }
}
