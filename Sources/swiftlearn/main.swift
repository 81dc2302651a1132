// The `swiftlearn` command-line tool. It parses arguments and calls the library; no ML logic lives here.
import ArgumentParser
import SwiftLearn

struct SwiftLearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftlearn",
        abstract: "SwiftLearn: machine learning in Swift.",
        version: SwiftLearnVersion.string,
        subcommands: [TrainCommand.self, EvaluateCommand.self, PredictCommand.self, FitCommand.self, CrossValidateCommand.self, CalibrateCommand.self, EmbedCommand.self, IndexCommand.self, SearchCommand.self, InfoCommand.self],
        defaultSubcommand: nil
    )
}

SwiftLearnCommand.main()
