// The options that say how to read a table's target, shared by `train`, `fit` and `cv` (one definition, one help
// text, one parser).
import ArgumentParser
import SwiftLearn

/// `--target`, `--delimiter` and `--task`: which column is the target, how fields are separated, and what kind
/// of target it is.
struct TableColumnOptions: ParsableArguments {
    @Option(help: "The target column (CSV files).")
    var target: String?
    @Option(help: "Field delimiter for CSV files (default: ',' or tab for .tsv).")
    var delimiter: String?
    @Option(help: "classification or regression (default: inferred from the target).")
    var task: String?

    /// The delimiter byte, if one was given.
    func parsedDelimiter() throws -> UInt8? { try delimiter.map(parseDelimiter) }

    /// The task, if one was given.
    func parsedTask() throws -> TaskKind? { try task.map(parseTask) }
}
