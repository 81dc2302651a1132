// `swiftlearn fit` and `swiftlearn cv`: classical models chosen by name, hyperparameters as options.
import ArgumentParser
import Foundation
import SwiftLearn

/// The options `fit` and `cv` share. Model hyperparameters are the unrecognised `--name value` pairs.
struct ClassicOptions: ParsableArguments {
    @Option(help: "The model (see `swiftlearn fit --list-models`).")
    var model = "random-forest"
    @Option(help: "A bundled dataset name or a CSV/TSV file.")
    var data = "iris"
    @OptionGroup var columns: TableColumnOptions
    @Option(help: "Fill missing feature values: mean, median or most-frequent (default: missing values are an error unless the model accepts them).")
    var impute: String?
    @Option(help: "Standardise numeric columns: yes, no, or auto (the model's default: yes for linear, distance and kernel models).")
    var scale = "auto"
    @Option(help: "Seed for the split or folds and the bootstrap.")
    var seed: UInt64 = 0
    @Option(help: "Run directory (default: runs/<data>-<model>).")
    var output: String?
    @Flag(name: .customLong("list-models"), help: "List the models and their hyperparameters, then exit.")
    var listModels = false
    @Flag(help: "Print the report as JSON.")
    var json = false
    @Argument(parsing: .allUnrecognized, help: "Model hyperparameters as --name value (e.g. --tree-count 200 --max-depth 8).")
    var hyperparameters: [String] = []

    /// `--name value` / `--name=value` pairs into a dictionary.
    func parsedHyperparameters() throws -> [String: String] {
        var out: [String: String] = [:]
        var i = 0
        while i < hyperparameters.count {
            let token = hyperparameters[i]
            guard token.hasPrefix("--"), token.count > 2 else {
                throw CommandError("unexpected argument '\(token)'; model hyperparameters are given as --name value")
            }
            var name = String(token.dropFirst(2)), value: String
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            } else {
                guard i + 1 < hyperparameters.count else { throw CommandError("--\(name) needs a value") }
                value = hyperparameters[i + 1]
                i += 1
            }
            guard out[name] == nil else { throw CommandError("--\(name) is given twice") }
            out[name] = value
            i += 1
        }
        return out
    }

    func runOptions() throws -> ClassicRunOptions {
        var options = ClassicRunOptions(model: model)
        options.hyperparameters = try parsedHyperparameters()
        options.impute = try impute.map(parseImputation)
        switch scale {
        case "auto": options.scale = nil
        case "yes", "true": options.scale = true
        case "no", "false": options.scale = false
        default: throw CommandError("--scale must be yes, no or auto, got '\(scale)'")
        }
        options.seed = seed
        return options
    }

    func loadTable() throws -> TabularDataset {
        try TrainingJob.loadData(data, target: columns.target, delimiter: try columns.parsedDelimiter(), task: try columns.parsedTask())
    }

    var outputURL: URL {
        URL(fileURLWithPath: output ?? "runs/\(URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent)-\(model)")
    }

    /// The model list with hyperparameters and defaults.
    static func modelList() -> String {
        ModelCatalog.models.map { m in
            let tasks = m.tasks.map(\.rawValue).joined(separator: ", ")
            let params = m.hyperparameters.map { "    --\($0.name) (\($0.expected); default \($0.defaultValue)): \($0.help)" }
            return (["\(m.name) [\(tasks)]: \(m.summary)"] + params).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Prints a report (text or JSON) and saves the run.
    func finish(_ config: ClassicRunConfig, model: FittedPipeline<AnyFittedModel>, spread: String) throws {
        try ClassicRun.save(config, model: model, to: outputURL)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(config), as: UTF8.self))
            return
        }
        let settings = config.hyperparameters.keys.sorted().map { "\($0)=\(config.hyperparameters[$0]!)" }.joined(separator: " ")
        print("\(config.model) (\(config.task.rawValue)) on \(config.data): \(config.featureNames.count) features; \(settings)")
        for m in config.metrics {
            var line = "  " + m.name.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: "%.4f", m.value)
            if let low = m.low, let high = m.high { line += String(format: "  (%@ %.4f – %.4f)", spread, low, high) }
            if let sd = m.standardDeviation { line += String(format: " ± %.4f (%@)", sd, spread) }
            if let folds = m.folds { line += "  folds: " + folds.map { String(format: "%.4f", $0) }.joined(separator: " ") }
            print(line)
        }
        print("saved to \(outputURL.path)/ (model.safetensors, config.json, metrics.json)")
    }
}

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a classical model on a hold-out split, score it with bootstrap intervals, and save it.",
        discussion: """
            Holds out --test-fraction of the rows (stratified for classification), fits the model on the rest, and prints \
            the held-out scores with 95% bootstrap intervals. Example: swiftlearn fit --model random-forest --data file.csv \
            --target label --tree-count 200 --max-depth 10. See --list-models for every model and hyperparameter.
            """)

    @OptionGroup var options: ClassicOptions
    @Option(name: .customLong("test-fraction"), help: "Share of rows held out for scoring.")
    var testFraction = 0.2

    func run() throws {
        if options.listModels { print(ClassicOptions.modelList()); return }
        try reportingErrors {
            var runOptions = try options.runOptions()
            runOptions.testFraction = testFraction
            let (config, model) = try ClassicRun.fit(try options.loadTable(), dataName: options.data, options: runOptions)
            try options.finish(config, model: model, spread: "95% bootstrap CI")
        }
    }
}

struct CrossValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cv",
        abstract: "Cross-validate a classical model, print each score's mean ± standard deviation, and save it fitted on all rows.",
        discussion: """
            Folds are stratified and shuffled for classification, shuffled for regression, and grouped with --groups. \
            Folds run on both cores. See `swiftlearn fit --list-models` for every model and hyperparameter.
            """)

    @OptionGroup var options: ClassicOptions
    @Option(help: "Number of folds.")
    var folds = 5
    @Option(help: "A column whose values are groups kept within one fold (GroupKFold); it is not used as a feature.")
    var groups: String?

    func run() throws {
        if options.listModels { print(ClassicOptions.modelList()); return }
        try reportingErrors {
            var runOptions = try options.runOptions()
            guard folds >= 2 else { throw CommandError("--folds must be at least 2, got \(folds)") }
            runOptions.folds = folds
            var table = try options.loadTable()
            if let groups {
                let column = try table.featureIndex(groups)
                runOptions.groups = table.features.to(.float64).doubles.enumerated()
                    .filter { $0.offset % table.featureCount == column }.map(\.element)
                table = table.droppingFeature(at: column)
            }
            let (config, model) = try ClassicRun.crossValidate(table, dataName: options.data, options: runOptions)
            try options.finish(config, model: model, spread: "std over \(folds) folds")
        }
    }
}
