// `swiftlearn calibrate`: fit temperature scaling and a conformal predictor for a saved classifier on held-out
// data, and save them beside the model (calibration.json) for `swiftlearn predict`.
import ArgumentParser
import Foundation
import SwiftLearn

/// Logits of a saved classification run (a `train` run's outputs, or log-probabilities of a `fit`/`cv` run)
/// and the class names, for `table`; with `labels`, also the true class codes.
func classifierLogits(run dir: URL, table data: String, delimiter: String?, labels: Bool,
                      unknownCategories: OneHotEncoder.UnknownPolicy = .error)
    throws -> (logits: Tensor, labels: [Int]?, classNames: [String]) {
    if ClassicRun.isClassicRun(dir) {
        let (config, fitted) = try ClassicRun.load(from: dir)
        guard config.task == .classification else { throw CommandError("calibration applies to classifiers; \(dir.path) is a regression run") }
        let delim = try delimiter.map(parseDelimiter)
        let table: TabularDataset
        do {
            table = try TrainingJob.loadData(data, target: config.targetName, delimiter: delim, task: config.task)
        } catch DatasetError.unknownColumn(let name, _) where !labels && name == config.targetName {
            table = try TrainingJob.loadData(data, target: nil, delimiter: delim, task: nil)
        }
        let p = try fitted.predictProbabilities(try ClassicRun.features(of: table, for: config))
        let logits = Tensor(p.doubles.map { Foundation.log(Swift.max($0, 1e-300)) }, shape: p.shape)
        return (logits, labels ? try ClassicRun.targets(of: table, for: config).map { Int($0) } : nil, config.classNames)
    }
    let saved = try SavedModel.load(from: dir)
    guard saved.config.task == .classification else { throw CommandError("calibration applies to classifiers; \(dir.path) is a regression run") }
    let table = try loadData(for: saved, data: data, delimiter: delimiter, requireTarget: labels)
    let logits = try saved.outputs(for: table, unknownCategories: unknownCategories)
    return (logits, labels ? try saved.targets(of: table).integers.map { Int($0) } : nil, saved.config.classNames)
}

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit temperature scaling and conformal prediction sets for a saved classifier on held-out data.",
        discussion: """
            Use data the model was not trained on (e.g. a validation file). Writes calibration.json into the run \
            directory; `swiftlearn predict` then gives calibrated probabilities and, with --conformal ALPHA, prediction sets. \
            `swiftlearn train` already fits one on half of its test rows.
            """)

    @Option(help: "The run directory written by `swiftlearn train`, `fit` or `cv`.")
    var model: String
    @Option(help: "Held-out data with the target column: a bundled dataset name or a CSV/TSV file.")
    var data: String
    @Option(help: "Field delimiter for CSV files.")
    var delimiter: String?

    func run() throws {
        try reportingErrors {
            let dir = URL(fileURLWithPath: model)
            let (logits, labels, _) = try classifierLogits(run: dir, table: data, delimiter: delimiter, labels: true)
            let calibration = try RunCalibration.fit(logits: logits, labels: labels!, data: data)
            try AtomicFile.write(Array(try calibration.encoded()), to: dir.appendingPathComponent(RunCalibration.fileName))
            let before = RunCalibrationSummary.ece(logits: logits, labels: labels!, calibration: nil)
            let after = RunCalibrationSummary.ece(logits: logits, labels: labels!, calibration: calibration)
            print(String(format: "fitted on %d rows of %@: temperature %.4f; ECE on these rows %.4f → %.4f", labels!.count, data,
                         calibration.temperature.temperature, before, after))
            let thresholds = try calibration.conformal.thresholds(alpha: 0.1)
            print(String(format: "conformal (LAC) score threshold at 90%% coverage: %.4f", thresholds.first ?? .nan))
            print("saved \(dir.appendingPathComponent(RunCalibration.fileName).path)")
        }
    }
}

/// ECE of raw or calibrated probabilities, for the calibrate report.
enum RunCalibrationSummary {
    static func ece(logits: Tensor, labels: [Int], calibration: RunCalibration?) -> Double {
        let k = logits.shape[1], v = logits.doubles
        let rows = (0..<logits.shape[0]).map { Array(v[($0 * k)..<(($0 + 1) * k)]) }
        let probabilities = (try? calibration?.probabilities(logits: logits)) ?? rows.map { row in
            let m = row.max()!, e = row.map { Foundation.exp($0 - m) }, s = e.reduce(0, +)
            return e.map { $0 / s }
        }
        return (try? CalibrationMetrics.expectedCalibrationError(labels, probabilities: probabilities)) ?? .nan
    }
}
