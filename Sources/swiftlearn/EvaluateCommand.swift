// `swiftlearn evaluate` and `swiftlearn predict`: load a saved run and score it on data, or write predictions.
import ArgumentParser
import Foundation
import SwiftLearn

/// Reads the data for a saved model: bundled by name or a CSV whose target column (if present) is the model's.
func loadData(for saved: SavedModel, data: String, delimiter: String?, requireTarget: Bool) throws -> TabularDataset {
    let delim = try delimiter.map(parseDelimiter)
    do {
        return try TrainingJob.loadData(data, target: saved.config.targetName, delimiter: delim, task: saved.config.task)
    } catch DatasetError.unknownColumn(let name, _) where !requireTarget && name == saved.config.targetName {
        // Prediction input without the target column.
        return try TrainingJob.loadData(data, target: nil, delimiter: delim, task: nil)
    }
}

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Score a saved model on a bundled dataset or a CSV with the target column.")

    @Option(help: "The run directory written by `swiftlearn train`.")
    var model: String
    @Option(help: "A bundled dataset name or a CSV/TSV file (default: the training data).")
    var data: String?
    @Option(help: "Field delimiter for CSV files.")
    var delimiter: String?
    @Option(help: "all rows, or test: the held-out rows of the training split (same data, seed and fraction).")
    var split = "all"
    @Flag(help: "Print the scores as JSON.")
    var json = false

    func run() throws {
        if ClassicRun.isClassicRun(URL(fileURLWithPath: model)) { return try evaluateClassic() }
        try reportingErrors {
            let saved = try SavedModel.load(from: URL(fileURLWithPath: model))
            let source = data ?? saved.config.data
            let table = try loadData(for: saved, data: source, delimiter: delimiter, requireTarget: true)
            var rows: [Int]? = nil
            switch split {
            case "all": break
            case "test":
                guard source == saved.config.data else { throw CommandError("--split test needs the training data (\(saved.config.data))") }
                let labels = saved.config.task == .classification ? table.targets?.doubles : nil
                rows = try trainTestSplitIndices(count: table.rowCount, testFraction: saved.config.testFraction, stratifyBy: labels,
                                                 seed: saved.config.seed).test
            default: throw CommandError("--split must be all or test, got '\(split)'")
            }
            let outputs = try saved.outputs(for: table, rows: rows)
            let targets = try saved.targets(of: table, rows: rows)
            let scores = TestScores.score(task: saved.config.task, outputs: outputs, targets: targets, classNames: saved.config.classNames)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(scores), as: UTF8.self))
            } else {
                print("\(saved.config.model.kind.rawValue) from \(model) on \(source) (\(rows?.count ?? table.rowCount) rows)")
                print(ReportFormatting.scores(scores, task: saved.config.task).replacingOccurrences(of: "test ", with: ""))
            }
        }
    }

    /// Scores a run saved by `swiftlearn fit` or `swiftlearn cv` on all rows of `--data` (default: its training data).
    func evaluateClassic() throws {
        try reportingErrors {
            guard split == "all" else { throw CommandError("--split test applies to `swiftlearn train` runs; score a fit run on new data with --data") }
            let (config, fitted) = try ClassicRun.load(from: URL(fileURLWithPath: model))
            let source = data ?? config.data
            let table = try TrainingJob.loadData(source, target: config.targetName, delimiter: try delimiter.map(parseDelimiter), task: config.task)
            let truth = try ClassicRun.targets(of: table, for: config)
            let predicted = try fitted.predict(try ClassicRun.features(of: table, for: config)).doubles
            let scores = RunMetric.standard(for: config.task).map { MetricReport(name: $0.name, value: $0(truth, predicted)) }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(scores), as: UTF8.self))
            } else {
                print("\(config.model) from \(model) on \(source) (\(table.rowCount) rows)")
                for s in scores { print("  " + s.name.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: "%.4f", s.value)) }
            }
        }
    }
}

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Write a saved model's predictions for a bundled dataset or a CSV as CSV.")

    @Option(help: "The run directory written by `swiftlearn train`, `fit` or `cv`.")
    var model: String
    @Option(help: "A bundled dataset name or a CSV/TSV file.")
    var data: String
    @Option(help: "Field delimiter for CSV files.")
    var delimiter: String?
    @Option(help: "Write the predictions here (atomically); default: standard output.")
    var output: String?
    @Option(help: "Add each row's conformal prediction set at this miscoverage (e.g. 0.1 for 90% coverage); needs calibration.json.")
    var conformal: Double?
    @Flag(help: "Ignore the run's calibration.json: the model's own probabilities.")
    var uncalibrated = false
    @Flag(help: "Encode categorical values never seen in training as all zeros instead of stopping with an error (runs of `swiftlearn train`).")
    var ignoreUnknownCategories = false

    func run() throws {
        try reportingErrors {
            let dir = URL(fileURLWithPath: model)
            let calibration = uncalibrated ? nil : try RunCalibration.load(from: dir)
            if conformal != nil && calibration == nil {
                throw CommandError("--conformal needs a calibration: run `swiftlearn calibrate --model \(model) --data HELD-OUT-DATA` first"
                                   + (uncalibrated ? " (and drop --uncalibrated)" : ""))
            }
            if let classic = ClassicRun.isClassicRun(dir) ? try ClassicRun.load(from: dir) : nil,
               classic.0.task != .classification || !classic.1.estimator.hasProbabilities {
                guard conformal == nil else { throw CommandError("--conformal needs a classifier with probabilities") }
                return try runClassic()
            }
            if try ClassicRun.isClassicRun(dir) || SavedModel.load(from: dir).config.task == .classification {
                let (logits, _, names) = try classifierLogits(run: dir, table: data, delimiter: delimiter, labels: false,
                                                              unknownCategories: ignoreUnknownCategories ? .ignore : .error)
                return try writeClassification(logits: logits, names: names, calibration: calibration)
            }
            let saved = try SavedModel.load(from: dir)
            let table = try loadData(for: saved, data: data, delimiter: delimiter, requireTarget: false)
            let outputs = try saved.outputs(for: table, unknownCategories: ignoreUnknownCategories ? .ignore : .error)
            var text = ""
            do {
                text += "row,prediction\n"
                for (i, v) in outputs.doubles.enumerated() { text += "\(i + 1),\(String(format: "%.9g", v))\n" }
            }
            try write(text, rows: outputs.shape[0])
        }
    }

    /// Class, probabilities (temperature-scaled when the run has a calibration) and, with --conformal, the
    /// prediction set (class names joined by '|').
    func writeClassification(logits: Tensor, names: [String], calibration: RunCalibration?) throws {
        let k = names.count
        let p: [Double] = try calibration.map { try $0.probabilities(logits: logits).flatMap { $0 } } ?? logits.softmax(axis: 1).doubles
        let sets = try conformal.map { alpha in try calibration!.predictionSets(logits: logits, alpha: alpha).indices }
        if calibration != nil {
            FileHandle.standardError.write(Data("probabilities calibrated with \(model)/\(RunCalibration.fileName)\n".utf8))
        }
        var text = "row,prediction," + names.map { "p_" + csvField($0) }.joined(separator: ",") + (sets == nil ? "" : ",set") + "\n"
        for i in 0..<logits.shape[0] {
            let row = p[(i * k)..<((i + 1) * k)]
            let best = row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }! - i * k
            text += "\(i + 1),\(csvField(names[best])),"
                + row.map { String(format: "%.6g", $0) }.joined(separator: ",")
            if let sets { text += "," + csvField(sets[i].map { names[$0] }.joined(separator: "|")) }
            text += "\n"
        }
        try write(text, rows: logits.shape[0])
    }

    /// Predictions of a classical regression run or a classifier without probabilities.
    func runClassic() throws {
        try reportingErrors {
            let (config, fitted) = try ClassicRun.load(from: URL(fileURLWithPath: model))
            let delim = try delimiter.map(parseDelimiter)
            let table: TabularDataset
            do {
                table = try TrainingJob.loadData(data, target: config.targetName, delimiter: delim, task: config.task)
            } catch DatasetError.unknownColumn(let name, _) where name == config.targetName {
                table = try TrainingJob.loadData(data, target: nil, delimiter: delim, task: nil)
            }
            let x = try ClassicRun.features(of: table, for: config)
            let predicted = try fitted.predict(x).doubles
            var text = ""
            if config.task == .classification {
                let names = config.classNames, k = names.count
                // Margin classifiers fitted without probabilities give labels only.
                let p: [Double]?
                do { p = try fitted.predictProbabilities(x).doubles } catch ClassicMLError.probabilitiesNotFitted { p = nil }
                text += "row,prediction" + (p == nil ? "" : "," + names.map { "p_" + csvField($0) }.joined(separator: ",")) + "\n"
                for i in 0..<predicted.count {
                    text += "\(i + 1),\(csvField(names[Int(predicted[i])]))"
                    if let p { text += "," + (0..<k).map { String(format: "%.6g", p[i * k + $0]) }.joined(separator: ",") }
                    text += "\n"
                }
            } else {
                text += "row,prediction\n"
                for (i, v) in predicted.enumerated() { text += "\(i + 1),\(String(format: "%.9g", v))\n" }
            }
            try write(text, rows: predicted.count)
        }
    }

    private func write(_ text: String, rows: Int) throws {
        if let output {
            // Said here, because the atomic writer's own error for this case names a temporary file and starts
            // with "safetensors:".
            let directory = URL(fileURLWithPath: output).deletingLastPathComponent()
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandError("--output \(output): the directory \(directory.path) does not exist")
            }
            try AtomicFile.write(text, to: URL(fileURLWithPath: output))
            FileHandle.standardError.write(Data("wrote \(rows) predictions to \(output)\n".utf8))
        } else {
            print(text, terminator: "")
        }
    }
}

/// A CSV field, quoted when it holds a delimiter, quote or line break (RFC 4180).
func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
