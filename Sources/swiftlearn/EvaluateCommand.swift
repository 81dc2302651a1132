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

    func run() throws {
        if ClassicRun.isClassicRun(URL(fileURLWithPath: model)) { return try runClassic() }
        try reportingErrors {
            let saved = try SavedModel.load(from: URL(fileURLWithPath: model))
            let table = try loadData(for: saved, data: data, delimiter: delimiter, requireTarget: false)
            let outputs = try saved.outputs(for: table)
            var text = ""
            if saved.config.task == .classification {
                let names = saved.config.classNames
                text += "row,prediction," + names.map { "p_" + csvField($0) }.joined(separator: ",") + "\n"
                let probabilities = outputs.softmax(axis: 1)
                let predicted = outputs.argmax(axis: 1).integers
                let p = probabilities.doubles, k = names.count
                for i in 0..<predicted.count {
                    text += "\(i + 1),\(csvField(names[predicted[i]])),"
                        + (0..<k).map { String(format: "%.6g", p[i * k + $0]) }.joined(separator: ",") + "\n"
                }
            } else {
                text += "row,prediction\n"
                for (i, v) in outputs.doubles.enumerated() { text += "\(i + 1),\(String(format: "%.9g", v))\n" }
            }
            try write(text, rows: outputs.shape[0])
        }
    }

    /// Predictions of a run saved by `swiftlearn fit` or `swiftlearn cv`.
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
                let p = try fitted.predictProbabilities(x).doubles
                text += "row,prediction," + names.map { "p_" + csvField($0) }.joined(separator: ",") + "\n"
                for i in 0..<predicted.count {
                    text += "\(i + 1),\(csvField(names[Int(predicted[i])])),"
                        + (0..<k).map { String(format: "%.6g", p[i * k + $0]) }.joined(separator: ",") + "\n"
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
