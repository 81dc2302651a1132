// The classical-model jobs behind `swiftlearn fit` and `swiftlearn cv`: choose a model by name, preprocess a
// table (one-hot categorical columns, optional imputation and scaling), fit, score with a spread, and save.
import Datasets
import Foundation
import Tensors

/// What a classical run does, as the command line gives it.
public struct ClassicRunOptions: Sendable {
    /// A ``ModelCatalog`` name (`random-forest`).
    public var model: String
    /// Hyperparameters by catalogue name, as typed (`["tree-count": "200"]`); the rest take defaults.
    public var hyperparameters: [String: String] = [:]
    /// Fill missing feature values first (otherwise NaN reaches only models that accept it).
    public var impute: SimpleImputer.Strategy?
    /// Standardise numeric columns; `nil` follows the model (``CatalogModel/scalesFeatures``).
    public var scale: Bool?
    /// Seed of the split, the folds' shuffling and the bootstrap.
    public var seed: UInt64 = 0
    /// Share of rows held out by `fit`.
    public var testFraction = 0.2
    /// Folds of `cv`.
    public var folds = 5
    /// One group label per row: `cv` keeps each group within one fold (GroupKFold).
    public var groups: [Double]?

    public init(model: String) { self.model = model }
}

/// One reported score: the hold-out value with a bootstrap interval (`fit`), or the fold mean with the
/// standard deviation and every fold's value (`cv`).
public struct MetricReport: Codable, Sendable, Equatable {
    public let name: String
    public let value: Double
    public var low: Double?, high: Double?
    public var standardDeviation: Double?
    public var folds: [Double]?

    public init(name: String, value: Double, low: Double? = nil, high: Double? = nil, standardDeviation: Double? = nil, folds: [Double]? = nil) {
        self.name = name
        self.value = value
        self.low = low
        self.high = high
        self.standardDeviation = standardDeviation
        self.folds = folds
    }
}

/// What a run did, saved as `config.json` beside the model (and enough to predict with it again).
public struct ClassicRunConfig: Codable, Sendable, Equatable {
    public static let formatName = "swiftlearn-classic-run-1"
    public var format = ClassicRunConfig.formatName
    /// `fit` or `cv`.
    public var command: String
    public var model: String
    public var task: TaskKind
    /// Every hyperparameter's value, defaults included.
    public var hyperparameters: [String: String]
    public var data: String
    public var targetName: String
    public var featureNames: [String]
    /// The category vocabulary of each categorical feature column (`nil` for numeric ones), so new data is coded alike.
    public var categories: [[String]?]
    public var classNames: [String]
    public var seed: UInt64
    public var scaled: Bool
    public var impute: String?
    public var testFraction: Double?
    public var folds: Int?
    public var trainRows: Int
    public var testRows: Int?
    public var metrics: [MetricReport]
    public var fitSeconds: Double
}

/// The `fit` and `cv` jobs.
public enum ClassicRun {
    /// Holds out `testFraction` of the rows (stratified for classification), fits on the rest, and scores the
    /// held-out rows, each score with a 95% bootstrap interval. Returns the report and the fitted model.
    /// - Throws: ``ClassicMLError`` for an unknown model or hyperparameter, missing values the model cannot
    ///   take, and anything fitting throws; ``DatasetError`` for a split that cannot be made.
    public static func fit(_ data: TabularDataset, dataName: String, options: ClassicRunOptions) throws
        -> (ClassicRunConfig, FittedPipeline<AnyFittedModel>) {
        let prepared = try prepare(data, options: options)
        // The split's own error names the class by its code ("class 0 has only 1 row"); name it by its label.
        if prepared.task == .classification, let i = data.classCounts.firstIndex(where: { $0 < 2 }), data.classNames.indices.contains(i) {
            throw ClassicMLError.invalidTargets("class '\(data.classNames[i])' of the target has \(data.classCounts[i]) row(s); "
                                                + "the stratified train/test split needs at least 2 rows per class")
        }
        let split = try trainTestSplitIndices(count: data.rowCount, testFraction: options.testFraction,
                                              stratifyBy: prepared.task == .classification ? prepared.y.doubles : nil, seed: options.seed)
        let start = Date()
        let model = try prepared.pipeline.fit(prepared.x.rows(split.train), prepared.y.rows(split.train))
        let seconds = Date().timeIntervalSince(start)
        let truth = prepared.y.rows(split.test).doubles
        let predicted = try model.predict(prepared.x.rows(split.test)).doubles
        let metrics = RunMetric.standard(for: prepared.task).map { metric in
            let interval = BootstrapInterval.of(metric, truth: truth, predicted: predicted, seed: options.seed)
            var r = MetricReport(name: metric.name, value: metric(truth, predicted))
            (r.low, r.high) = (interval.low, interval.high)
            return r
        }
        var config = prepared.config(command: "fit", data: data, dataName: dataName, options: options, metrics: metrics, seconds: seconds)
        config.testFraction = options.testFraction
        config.trainRows = split.train.count
        config.testRows = split.test.count
        return (config, model)
    }

    /// Cross-validates on `folds` folds (stratified and shuffled for classification, shuffled k-fold for
    /// regression, grouped when ``ClassicRunOptions/groups`` is set), then fits the model on every row.
    /// Returns the report (fold mean ± standard deviation of each score) and the model fitted on all rows.
    public static func crossValidate(_ data: TabularDataset, dataName: String, options: ClassicRunOptions) throws
        -> (ClassicRunConfig, FittedPipeline<AnyFittedModel>) {
        let prepared = try prepare(data, options: options)
        let strategy: FoldStrategy
        if let groups = options.groups {
            strategy = .grouped(GroupKFold(splits: options.folds), groups: groups)
        } else if prepared.task == .classification {
            strategy = .stratified(StratifiedKFold(splits: options.folds, shuffle: true, seed: options.seed))
        } else {
            strategy = .kFold(KFold(splits: options.folds, shuffle: true, seed: options.seed))
        }
        let runMetrics = RunMetric.standard(for: prepared.task)
        let results = try ClassicML.crossValidate(prepared.pipeline, prepared.x, prepared.y, folds: strategy,
                                                  scorings: runMetrics.map { $0.scorer() })
        let metrics = zip(runMetrics, results).map { metric, result in
            var r = MetricReport(name: metric.name, value: result.mean)
            r.standardDeviation = result.standardDeviation
            r.folds = result.scores
            return r
        }
        let start = Date()
        let model = try prepared.pipeline.fit(prepared.x, prepared.y)
        var config = prepared.config(command: "cv", data: data, dataName: dataName, options: options, metrics: metrics,
                                     seconds: Date().timeIntervalSince(start))
        config.folds = options.folds
        config.trainRows = data.rowCount
        return (config, model)
    }

    /// Writes `model.safetensors`, `config.json` and `metrics.json` into `dir` atomically: a staging folder is
    /// filled and renamed into place, so a failed run leaves any earlier run of that name untouched.
    public static func save(_ config: ClassicRunConfig, model: FittedPipeline<AnyFittedModel>, to dir: URL) throws {
        try AtomicFile.writeDirectory(dir) { staging in
            try model.save(to: staging.appendingPathComponent("model.safetensors"))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(Array(try encoder.encode(config)), to: staging.appendingPathComponent("config.json"))
            try AtomicFile.write(Array(try encoder.encode(config.metrics)), to: staging.appendingPathComponent("metrics.json"))
        }
    }

    /// Reads a run saved by ``save(_:model:to:)``.
    /// - Throws: ``ClassicMLError/invalidArchive(_:)`` when `dir` is not a classical run, or its files are damaged.
    public static func load(from dir: URL) throws(ClassicMLError) -> (ClassicRunConfig, FittedPipeline<AnyFittedModel>) {
        let configURL = dir.appendingPathComponent("config.json")
        guard let bytes = FileManager.default.contents(atPath: configURL.path) else {
            throw .invalidArchive("\(configURL.path) is missing: not a run directory written by `swiftlearn fit` or `cv`")
        }
        let config: ClassicRunConfig
        do {
            config = try JSONDecoder().decode(ClassicRunConfig.self, from: bytes)
        } catch {
            throw .invalidArchive("\(configURL.path) is not a classical run configuration: \(describeDecodingError(error))")
        }
        guard config.format == ClassicRunConfig.formatName else {
            throw .invalidArchive("\(configURL.path) has format \(config.format), expected \(ClassicRunConfig.formatName)")
        }
        return (config, try FittedPipeline<AnyFittedModel>.load(from: dir.appendingPathComponent("model.safetensors")))
    }

    /// The feature matrix of `table` laid out as the run was fitted: its columns picked by name in the saved
    /// order, and categorical values re-coded into the saved vocabulary (a category never seen in training gets
    /// a code the one-hot step maps to all zeros).
    /// - Throws: ``ClassicMLError/invalidTargets(_:)`` naming a feature column the table lacks.
    public static func features(of table: TabularDataset, for config: ClassicRunConfig) throws(ClassicMLError) -> Tensor {
        let rows = table.rowCount, values = table.features.to(.float64).doubles, width = table.featureCount
        var out = [Double](repeating: 0, count: rows * config.featureNames.count)
        for (j, name) in config.featureNames.enumerated() {
            guard let source = table.featureNames.firstIndex(of: name) else {
                throw .invalidTargets("the data has no feature column '\(name)' (the model was fitted on \(config.featureNames.joined(separator: ", ")))")
            }
            let recode: [Double]? = config.categories[j].map { saved in
                let index = Dictionary(uniqueKeysWithValues: saved.enumerated().map { ($1, Double($0)) })
                return (table.categories[source] ?? []).map { index[$0] ?? Double(saved.count) }
            }
            for i in 0..<rows {
                var v = values[i * width + source]
                if let saved = config.categories[j], table.categories[source] == nil, v.isFinite {
                    // Categorical in training but read as numbers here (every value of this file looks like one):
                    // match the number's text to the saved categories, as `swiftlearn train` runs do. The empty
                    // recode table used to make every value an unknown category (all zeros) without a word.
                    let text = table.cellText(Float(v), column: source)
                    out[i * config.featureNames.count + j] = Double(text.flatMap { saved.firstIndex(of: $0) } ?? saved.count)
                    continue
                }
                if config.categories[j] == nil, table.categories[source] != nil, v.isFinite {
                    // Numeric in training but read as text here because some value is not a number: `v` is a code
                    // into this file's vocabulary, which used to be taken as the value itself.
                    guard let number = table.cellNumber(Float(v), column: source) else {
                        let text = table.cellText(Float(v), column: source) ?? ""
                        throw .invalidTargets("feature '\(name)', data row \(i + 1): expected a number (the column was numeric in training), found '\(text)'")
                    }
                    v = Double(number)
                }
                if v.isInfinite {
                    // Prediction input: caught here it names the column and data row (1-based), not a 0-based
                    // position after preprocessing.
                    throw .nonFiniteFeature(row: i, column: name, value: v)
                }
                if let recode, v.isFinite {
                    let code = Int(v)
                    out[i * config.featureNames.count + j] = recode.indices.contains(code) ? recode[code] : Double(config.categories[j]!.count)
                } else {
                    out[i * config.featureNames.count + j] = v
                }
            }
        }
        return Tensor(out, shape: [rows, config.featureNames.count])
    }

    /// The targets of `table` as the run's codes: class names mapped into the saved class list (regression
    /// values unchanged).
    /// - Throws: ``ClassicMLError/invalidTargets(_:)`` for a class the model never saw, or no target column.
    public static func targets(of table: TabularDataset, for config: ClassicRunConfig) throws(ClassicMLError) -> [Double] {
        guard let targets = table.targets else { throw .invalidTargets("the data has no target column '\(config.targetName)'") }
        guard config.task == .classification else { return targets.doubles }
        let index = Dictionary(uniqueKeysWithValues: config.classNames.enumerated().map { ($1, Double($0)) })
        var out: [Double] = []
        for code in targets.integers {
            let name = table.classNames[Int(code)]
            guard let saved = index[name] else {
                throw .invalidTargets("class '\(name)' was not among the classes the model was fitted on (\(config.classNames.joined(separator: ", ")))")
            }
            out.append(saved)
        }
        return out
    }

    /// Whether `dir` holds a classical run (rather than a neural-network one).
    public static func isClassicRun(_ dir: URL) -> Bool {
        guard let bytes = FileManager.default.contents(atPath: dir.appendingPathComponent("config.json").path),
              let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else { return false }
        return object["format"] as? String == ClassicRunConfig.formatName
    }

    // MARK: - Preparation

    private struct Prepared {
        let task: TaskKind
        let x: Tensor, y: Tensor
        let pipeline: Pipeline<AnyEstimator>
        let parameters: Parameters
        let scaled: Bool

        func config(command: String, data: TabularDataset, dataName: String, options: ClassicRunOptions,
                    metrics: [MetricReport], seconds: Double) -> ClassicRunConfig {
            ClassicRunConfig(command: command, model: options.model, task: task,
                             hyperparameters: parameters.mapValues(\.description), data: dataName, targetName: data.targetName ?? "",
                             featureNames: data.featureNames, categories: data.categories, classNames: data.classNames, seed: options.seed,
                             scaled: scaled, impute: options.impute.map { "\($0)" }, trainRows: 0, metrics: metrics, fitSeconds: seconds)
        }
    }

    /// Resolves the model, checks the data, and builds the preprocessing + model pipeline.
    private static func prepare(_ data: TabularDataset, options: ClassicRunOptions) throws -> Prepared {
        guard let targets = data.targets, let task = data.task else {
            throw ClassicMLError.invalidTargets("the data has no target column; name one (columns: \(data.featureNames.joined(separator: ", ")))")
        }
        guard data.rowCount > 0, data.featureCount > 0 else { throw ClassicMLError.emptyDataset }
        // Said here by label: the classifier's own error names the class by its code ("one class (0.0)").
        if task == .classification && data.classNames.count < 2 {
            let only = data.classNames.first.map { " ('\($0)')" } ?? ""
            throw ClassicMLError.invalidTargets("the target has one class\(only); a classifier needs at least two")
        }
        let entry = try ModelCatalog.model(named: options.model)
        let (estimator, parameters) = try entry.estimator(for: task, options: options.hyperparameters)
        let x = data.features.to(.float64)
        let values = x.doubles, width = data.featureCount
        // ±inf is never a usable value, imputed or not (imputers fill only NaN, and models that accept missing
        // values accept NaN): without this check it reached the scaler and failed as "row 0, column 1" counted
        // among the training rows after preprocessing.
        if let bad = values.firstIndex(where: { $0.isInfinite }) {
            throw ClassicMLError.nonFiniteFeature(row: bad / width, column: data.featureNames[bad % width], value: values[bad])
        }
        if options.impute == nil && !entry.acceptsMissingValues {
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw ClassicMLError.nonFiniteFeature(row: bad / width, column: data.featureNames[bad % width], value: values[bad])
            }
        }
        let scaled = options.scale ?? entry.scalesFeatures
        var numeric: [PipelineStep] = []
        var categorical: [PipelineStep] = []
        if let strategy = options.impute {
            numeric.append(.simpleImputer(SimpleImputer(strategy: strategy)))
            categorical.append(.simpleImputer(SimpleImputer(strategy: .mostFrequent)))
        }
        if scaled { numeric.append(.standardScaler(StandardScaler())) }
        categorical.append(.oneHotEncoder(OneHotEncoder(handleUnknown: .ignore)))
        let columns = ColumnTransformer.automatic(for: data, numeric: numeric, categorical: categorical)
        let pipeline = Pipeline(steps: [.columnTransformer(columns)], estimator: estimator)
        return Prepared(task: task, x: x, y: targets.to(.float64), pipeline: pipeline, parameters: parameters, scaled: scaled)
    }
}
