// The main job: load a dataset, split it, fit a ready-made model, score it on the held-out part and save a
// run directory. The CLI's `train` is a thin shell over this.
import Datasets
import Evaluation
import Foundation
import Tensors

/// What to train, on what.
public struct TrainingJobOptions: Sendable {
    /// A bundled dataset name (`digits`, `iris`, `wine`, `breast_cancer`) or a CSV/TSV path.
    public var data = "digits"
    /// The target column of a CSV (bundled datasets know theirs).
    public var target: String?
    /// Field delimiter for CSV files (tab for `.tsv` when nil).
    public var delimiter: UInt8?
    /// Override the inferred task.
    public var task: TaskKind?
    /// cnn for image data (digits), mlp otherwise, when nil.
    public var model: ModelSpec.Kind?
    public var hidden: [Int]?
    public var epochs: Int?
    public var batchSize = 32
    public var learningRate = 1e-3
    public var seed: UInt64 = 0
    public var testFraction = 0.2
    /// How to fill missing feature values; nil rejects them.
    public var impute: SimpleImputer.Strategy?
    /// Where the run directory goes.
    public var output: URL
    /// Save a checkpoint here after every epoch (see ``Checkpoint``).
    public var checkpointDirectory: URL?
    /// Continue from the newest checkpoint in `checkpointDirectory` if there is one.
    public var resume = false
    public var showProgress = true

    public init(output: URL) { self.output = output }
}

/// The figures of a finished job (also written to `metrics.json`).
public struct TrainingReport: Codable, Sendable {
    public var task: TaskKind
    public var model: ModelSpec
    public var trainRows: Int
    public var testRows: Int
    public var epochs: Int
    public var trainSeconds: Double
    public var samplesPerSecond: Double
    public var history: [EpochRecord]
    public var test: TestScores
    /// Classification only: temperature scaling and conformal sets fitted on one half of the test rows and
    /// scored on the other (`nil` when the held-out rows are too few or too easy to fit them).
    public var calibration: CalibrationReport?
}

/// Scores on the held-out rows.
public struct TestScores: Codable, Sendable {
    public var accuracy: Double?
    public var perClass: [ClassificationMetrics.ClassScores]?
    public var confusion: [[Int]]?
    public var classNames: [String]?
    public var meanAbsoluteError: Double?
    public var rootMeanSquaredError: Double?
    public var r2: Double?
    public var loss: Double?

    /// Scores of `outputs` (logits or predictions) against `targets`.
    public static func score(task: TaskKind, outputs: Tensor, targets: Tensor, classNames: [String]) -> TestScores {
        var s = TestScores()
        if task == .classification {
            let predicted = outputs.argmax(axis: 1).integers, truth = targets.integers
            s.accuracy = ClassificationMetrics.accuracy(truth, predicted)
            let m = ClassificationMetrics.confusionMatrix(truth, predicted, classCount: classNames.count)
            s.confusion = m
            s.perClass = ClassificationMetrics.perClass(confusion: m)
            s.classNames = classNames
            s.loss = Losses.crossEntropy(outputs, targets).item
        } else {
            let p = outputs.doubles, t = targets.doubles
            s.meanAbsoluteError = RegressionMetrics.meanAbsoluteError(t, p)
            s.rootMeanSquaredError = RegressionMetrics.rootMeanSquaredError(t, p)
            s.r2 = RegressionMetrics.r2(t, p)
        }
        return s
    }
}

public enum TrainingJob {
    /// Loads a bundled dataset by name, or reads a CSV/TSV file (`target` names its target column).
    public static func loadData(_ data: String, target: String?, delimiter: UInt8?, task: TaskKind?) throws -> TabularDataset {
        if BundledDataset(rawValue: data) != nil, !FileManager.default.fileExists(atPath: data) {
            var d = try BundledDataset.load(data)
            if let task, task != d.task { d = try retarget(d, as: task) }
            return d
        }
        guard FileManager.default.fileExists(atPath: data) else {
            throw RecipeError.invalidOption("'\(data)' is neither a bundled dataset (\(BundledDataset.available.joined(separator: ", "))) nor a file")
        }
        var options = CSVOptions()
        options.delimiter = delimiter ?? (data.hasSuffix(".tsv") || data.hasSuffix(".tab") ? UInt8(ascii: "\t") : UInt8(ascii: ","))
        options.target = target
        options.task = task
        return try CSVReader(options: options).read(contentsOf: URL(fileURLWithPath: data))
    }

    /// A bundled classification dataset read as regression (class codes as numbers) or vice versa.
    static func retarget(_ d: TabularDataset, as task: TaskKind) throws -> TabularDataset {
        guard let targets = d.targets else { throw RecipeError.invalidTarget("the dataset has no target") }
        var out = d
        out.task = task
        if task == .regression {
            out.targets = Tensor(targets.integers.map { Float(d.classNames.isEmpty ? Double($0) : Double(d.classNames[$0]) ?? Double($0)) },
                                 shape: [d.rowCount])
            out.classNames = []
        }
        return out
    }

    /// Runs the whole job and writes the run directory; returns the report. Validates everything it can before
    /// training, and writes nothing if anything fails.
    public static func run(_ options: TrainingJobOptions, log: (String) -> Void = { _ in }) throws -> (TrainingReport, SavedModel) {
        let data = try loadData(options.data, target: options.target, delimiter: options.delimiter, task: options.task)
        guard let targets = data.targets, let task = data.task else {
            throw RecipeError.invalidTarget("no target column: name one with --target (columns: \(data.featureNames.joined(separator: ", ")))")
        }
        // An infinite learning rate used to train to NaN and then fail at save time with a JSON EncodingError.
        guard options.batchSize > 0, options.learningRate > 0, options.learningRate.isFinite,
              options.testFraction > 0, options.testFraction < 1 else {
            throw RecipeError.invalidOption("batch size and learning rate must be positive (the learning rate finite) and the test fraction in (0, 1)")
        }
        // Image data: a bundled image dataset, not a local file of the same name.
        let imageShape = FileManager.default.fileExists(atPath: options.data) ? nil : BundledDataset(rawValue: options.data)?.imageShape
        let kind = options.model ?? (imageShape != nil ? .cnn : .mlp)
        if kind == .cnn && imageShape == nil {
            throw RecipeError.unsuitableModel("the cnn model needs image data (the bundled digits); use --model mlp or linear for \(options.data)")
        }
        if task == .classification && data.classNames.count < 2 {
            throw RecipeError.invalidTarget("classification needs at least two classes; the target has \(data.classNames.count)")
        }
        // The split's own error names the class by its code ("class 0 has only 1 row"), which for text labels is
        // not what the file says; name it by its label.
        if task == .classification, let i = data.classCounts.firstIndex(where: { $0 < 2 }) {
            throw RecipeError.invalidTarget("class '\(data.classNames[i])' of the target has \(data.classCounts[i]) row(s); "
                                            + "the stratified train/test split needs at least 2 rows per class")
        }
        let labels = task == .classification ? targets.doubles : nil
        let split = try trainTestSplitIndices(count: data.rowCount, testFraction: options.testFraction, stratifyBy: labels, seed: options.seed)
        let pipeline = try FeaturePipeline.fit(data, rows: split.train, imputation: options.impute, imageShape: kind == .cnn ? imageShape : nil)
        let outputs = task == .classification ? data.classNames.count : 1
        let spec = ModelSpec(kind: kind, inputShape: pipeline.sampleShape, outputs: outputs, hidden: options.hidden)
        if let problem = spec.validationError { throw RecipeError.unsuitableModel(problem) }
        let epochs = options.epochs ?? (kind == .cnn ? 20 : 60)
        guard epochs > 0 else { throw RecipeError.invalidOption("--epochs must be positive") }

        let xTrain = try pipeline.encode(data, rows: split.train)
        // The held-out rows are only encoded after training; a missing or infinite value there used to cost the
        // whole training run before the error. Check them now (the encoding is cheap).
        _ = try pipeline.encode(data, rows: split.test)
        var yTrain = targets.rows(split.train), yTest = targets.rows(split.test)
        var targetMean: Double?, targetScale: Double?
        if task == .regression {
            let values = yTrain.doubles
            let mean = values.reduce(0, +) / Double(values.count)
            let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
            targetMean = mean
            targetScale = std > 0 ? std : 1
            yTrain = ((yTrain.to(.float32) - mean) / targetScale!).reshaped([split.train.count, 1])
            yTest = yTest.to(.float32)
        }

        let config = RunConfig(task: task, model: spec, pipeline: pipeline, classNames: data.classNames, targetName: data.targetName,
                               targetMean: targetMean, targetScale: targetScale, data: options.data, seed: options.seed,
                               testFraction: options.testFraction, epochs: epochs, batchSize: options.batchSize,
                               learningRate: options.learningRate)
        let model = withInitializationSeed(options.seed) { spec.build() }
        let optimizer = Adam(model.parameters(), learningRate: options.learningRate)
        let loader = try DataLoader(features: xTrain, targets: yTrain, batchSize: options.batchSize, shuffle: true, seed: options.seed)
        let totalSteps = epochs * loader.batchCount
        let loss: (Tensor, Tensor) -> Tensor = task == .classification
            ? { Losses.crossEntropy($0, $1) } : { Losses.mse($0, $1) }
        let trainer = Trainer(model: model, optimizer: optimizer, loss: loss,
                              metrics: task == .classification ? [.accuracy] : [],
                              schedule: CosineSchedule(base: options.learningRate, period: totalSteps),
                              options: TrainerOptions(epochs: epochs, checkpointDirectory: options.checkpointDirectory,
                                                      showProgress: options.showProgress))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        trainer.options.checkpointMetadata = ["config": String(decoding: try encoder.encode(config), as: UTF8.self)]
        if options.resume, let dir = options.checkpointDirectory, Checkpoint.latest(in: dir) != nil {
            try Checkpoint.resume(trainer, from: dir)
            log("resumed from \(Checkpoint.latest(in: dir)!.path) after epoch \(trainer.completedEpochs)")
        }
        log("training \(kind.rawValue) on \(options.data): \(split.train.count) train / \(split.test.count) test rows, "
            + "\(data.featureCount) features, \(task == .classification ? "\(outputs) classes" : "regression"), "
            + "\(model.parameterCount()) parameters, \(epochs) epochs of \(loader.batchCount) batches")
        let start = Date()
        try trainer.fit(loader)
        let seconds = Date().timeIntervalSince(start)

        let saved = SavedModel(config: config, model: model)
        let testOutputs = try saved.outputs(for: data, rows: split.test)
        let scores = TestScores.score(task: task, outputs: testOutputs, targets: yTest, classNames: data.classNames)
        var report = TrainingReport(task: task, model: spec, trainRows: split.train.count, testRows: split.test.count, epochs: epochs,
                                    trainSeconds: seconds, samplesPerSecond: Double(epochs * split.train.count) / Swift.max(seconds, 1e-9),
                                    history: trainer.history, test: scores)
        var extraFiles: [String: Data] = [:]
        if task == .classification {
            // Half the test rows fit the temperature and the conformal quantile, the other half scores them:
            // training is untouched and no calibration number is measured on the rows it was fitted on.
            let codes = yTest.doubles.map { Int($0) }
            let stratified = try? trainTestSplitIndices(count: codes.count, testFraction: 0.5, stratifyBy: codes.map(Double.init), seed: options.seed)
            let halves = try stratified ?? trainTestSplitIndices(count: codes.count, testFraction: 0.5, seed: options.seed)
            do {
                let (calibration, calibrationReport) = try CalibrationReport.measure(
                    logits: testOutputs, labels: codes, calibration: halves.train, evaluation: halves.test, data: options.data)
                report.calibration = calibrationReport
                extraFiles[RunCalibration.fileName] = try calibration.encoded()
            } catch {
                log("calibration skipped: \(error)")
            }
        }
        try saved.save(to: options.output, metrics: try encoder.encode(report), extraFiles: extraFiles)
        return (report, saved)
    }
}
