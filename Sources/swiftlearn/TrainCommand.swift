// `swiftlearn train`: the main job. Parses options, runs TrainingJob, prints the report.
import ArgumentParser
import Foundation
import SwiftLearn

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on a bundled dataset or a CSV and save it with its metrics.",
        discussion: """
            With no options, trains the small CNN on the bundled 8×8 digits (stratified 80/20 split, seed 0) and writes \
            runs/digits-cnn/. Bundled datasets: \(BundledDataset.available.joined(separator: ", ")).
            """)

    @Option(help: "A bundled dataset name or a CSV/TSV file.")
    var data = "digits"
    @OptionGroup var columns: TableColumnOptions
    @Option(help: "cnn (image data), mlp or linear (default: cnn for digits, mlp otherwise).")
    var model: String?
    @Option(help: "Hidden widths, comma-separated (mlp: e.g. 128,128; cnn: conv1,conv2,dense).")
    var hidden: String?
    @Option(help: "Training epochs (default: 20 for cnn, 60 otherwise).")
    var epochs: Int?
    @Option(name: .customLong("batch-size"), help: "Batch size.")
    var batchSize = 32
    @Option(help: "Learning rate (Adam, cosine-annealed to 0).")
    var lr = 1e-3
    @Option(help: "Seed for the split, the initialisation and the shuffling.")
    var seed: UInt64 = 0
    @Option(name: .customLong("test-fraction"), help: "Share of rows held out for testing.")
    var testFraction = 0.2
    @Option(help: "Fill missing feature values: mean, median or most-frequent (default: missing values are an error).")
    var impute: String?
    @Option(help: "Run directory (default: runs/<data>-<model>).")
    var output: String?
    @Option(name: .customLong("checkpoint-dir"), help: "Save a checkpoint after every epoch in this folder.")
    var checkpointDir: String?
    @Flag(help: "Resume from the newest checkpoint in --checkpoint-dir.")
    var resume = false
    @Flag(help: "No progress output.")
    var quiet = false

    func run() throws {
        try reportingErrors {
            var options = TrainingJobOptions(output: URL(fileURLWithPath: "runs"))
            options.data = data
            options.target = columns.target
            options.delimiter = try columns.parsedDelimiter()
            options.task = try columns.parsedTask()
            options.model = try model.map { name in
                guard let kind = ModelSpec.Kind(rawValue: name) else {
                    throw CommandError("unknown --model '\(name)'; choose one of \(ModelSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return kind
            }
            options.hidden = try hidden.map { text in
                // Every item must be a width: `compactMap` used to drop "abc" from "16,abc" and train a [16] model.
                let widths = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard !widths.isEmpty, widths.allSatisfy({ ($0 ?? 0) > 0 }) else {
                    throw CommandError("--hidden takes positive widths like 128,128, got '\(text)'")
                }
                return widths.map { $0! }
            }
            options.epochs = epochs
            options.batchSize = batchSize
            options.learningRate = lr
            options.seed = seed
            options.testFraction = testFraction
            options.impute = try impute.map(parseImputation)
            let dataName = URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent
            let modelName = options.model?.rawValue ?? (BundledDataset(rawValue: data)?.imageShape != nil ? "cnn" : "mlp")
            options.output = URL(fileURLWithPath: output ?? "runs/\(dataName)-\(modelName)")
            options.checkpointDirectory = checkpointDir.map { URL(fileURLWithPath: $0) }
            options.resume = resume
            options.showProgress = !quiet
            let (report, saved) = try TrainingJob.run(options) { line in
                if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            }
            print("trained \(report.model.kind.rawValue) on \(data) in \(String(format: "%.1f", report.trainSeconds)) s "
                  + "(\(report.epochs) epochs, \(Int(report.samplesPerSecond)) samples/s)")
            print(ReportFormatting.scores(report.test, task: report.task))
            if let c = report.calibration { print(ReportFormatting.calibration(c)) }
            print("saved to \(options.output.path)/ (model.safetensors, config.json, metrics.json)")
            _ = saved
        }
    }
}

func parseDelimiter(_ text: String) throws -> UInt8 {
    switch text {
    case "\\t", "tab", "\t": return UInt8(ascii: "\t")
    default:
        guard text.utf8.count == 1 else { throw CommandError("--delimiter must be one character (or 'tab'), got '\(text)'") }
        return text.utf8.first!
    }
}

func parseTask(_ text: String) throws -> TaskKind {
    guard let t = TaskKind(rawValue: text) else { throw CommandError("--task must be classification or regression, got '\(text)'") }
    return t
}

func parseImputation(_ text: String) throws -> SimpleImputer.Strategy {
    switch text {
    case "mean": return .mean
    case "median": return .median
    case "most-frequent", "most_frequent": return .mostFrequent
    default: throw CommandError("--impute must be mean, median or most-frequent, got '\(text)'")
    }
}

/// A usage error with a message.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Runs `body`; any error is printed as one `error: …` line on stderr and the command exits with status 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
