// A trained model on disk: `model.safetensors` (weights by PyTorch-style names), `config.json` (architecture,
// preprocessing, classes) and `metrics.json`, in one run directory published atomically.
import Datasets
import Foundation
import Tensors

/// Everything needed to rebuild a trained model and feed it new data.
public struct RunConfig: Codable, Sendable, Equatable {
    public var format = 1
    public var swiftlearnVersion = SwiftLearnVersion.string
    public var task: TaskKind
    public var model: ModelSpec
    public var pipeline: FeaturePipeline
    public var classNames: [String]
    public var targetName: String?
    /// Regression targets are trained standardised; predictions are mapped back with these.
    public var targetMean: Double?
    public var targetScale: Double?
    /// Where the training data came from (a bundled name or a path) and how it was split.
    public var data: String
    public var seed: UInt64
    public var testFraction: Double
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Double
}

/// A model loaded from (or about to be saved to) a run directory.
public struct SavedModel {
    public let config: RunConfig
    public let model: Sequential

    public init(config: RunConfig, model: Sequential) {
        self.config = config
        self.model = model
    }

    /// Loads `dir/config.json` and `dir/model.safetensors`; a missing file, a config from an unknown format or
    /// weights that do not fit the architecture give ``RecipeError/invalidRun(path:reason:)``.
    public static func load(from dir: URL) throws -> SavedModel {
        let configURL = dir.appendingPathComponent("config.json"), weightsURL = dir.appendingPathComponent("model.safetensors")
        for url in [configURL, weightsURL] where !FileManager.default.fileExists(atPath: url.path) {
            throw RecipeError.invalidRun(path: url.path, reason: "missing (is \(dir.path) a run directory written by `swiftlearn train`?)")
        }
        let config: RunConfig
        do {
            config = try JSONDecoder().decode(RunConfig.self, from: Data(contentsOf: configURL))
        } catch {
            throw RecipeError.invalidRun(path: configURL.path, reason: "unreadable config: \(describeDecodingError(error))")
        }
        guard config.format == 1 else { throw RecipeError.invalidRun(path: configURL.path, reason: "unknown format \(config.format)") }
        if let problem = config.model.validationError { throw RecipeError.invalidRun(path: configURL.path, reason: problem) }
        let model = withInitializationSeed(0) { config.model.build() }
        do {
            try model.loadStateDict(try SafetensorsFile.read(contentsOf: weightsURL).tensors())
        } catch {
            throw RecipeError.invalidRun(path: weightsURL.path, reason: "\(error)")
        }
        model.eval()
        return SavedModel(config: config, model: model)
    }

    /// Writes the run directory atomically: everything goes to a hidden staging folder first, which is renamed
    /// into place only when complete; an existing run of the same name is swapped out in one step.
    public func save(to dir: URL, metrics: Data, extraFiles: [String: Data] = [:]) throws {
        try AtomicFile.writeDirectory(dir) { staging in
            try Safetensors.write(model.stateDict(), metadata: ["format": "swiftlearn-model", "architecture": config.model.kind.rawValue],
                                  to: staging.appendingPathComponent("model.safetensors"))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(Array(try encoder.encode(config)), to: staging.appendingPathComponent("config.json"))
            try AtomicFile.write(Array(metrics), to: staging.appendingPathComponent("metrics.json"))
            for (name, bytes) in extraFiles { try AtomicFile.write(Array(bytes), to: staging.appendingPathComponent(name)) }
        }
    }

    /// Encodes `data` with the saved pipeline and runs the model: logits `[N, classes]` or predictions `[N]`
    /// (regression, in the target's original units).
    /// Unknown categorical values are an error unless `unknownCategories` is `.ignore` (see ``FeaturePipeline/encode(_:rows:unknownCategories:)``).
    public func outputs(for data: TabularDataset, rows: [Int]? = nil,
                        unknownCategories: OneHotEncoder.UnknownPolicy = .error) throws -> Tensor {
        let x = try config.pipeline.encode(data, rows: rows, unknownCategories: unknownCategories)
        let out = Trainer.predict(model, x)
        guard config.task == .regression else { return out }
        return out.reshaped([out.shape[0]]) * (config.targetScale ?? 1) + (config.targetMean ?? 0)
    }

    /// The data's targets as codes into this model's classes (classification), or values (regression).
    public func targets(of data: TabularDataset, rows: [Int]? = nil) throws -> Tensor {
        guard let targets = data.targets else { throw RecipeError.invalidTarget("the data has no target column to score against") }
        let rows = rows ?? Array(0..<data.rowCount)
        if config.task == .regression {
            guard data.task == .regression || data.classNames.isEmpty else {
                let values = targets.integers.map { Double(data.classNames[$0]) ?? .nan }
                return Tensor(rows.map { values[$0] }, shape: [rows.count])
            }
            let values = targets.doubles
            return Tensor(rows.map { values[$0] }, shape: [rows.count])
        }
        let codes = targets.integers
        var mapped: [Int64] = []
        for r in rows {
            let name = data.classNames.isEmpty ? String(codes[r]) : data.classNames[codes[r]]
            guard let k = config.classNames.firstIndex(of: name) else {
                throw RecipeError.invalidTarget("class '\(name)' in the data is not one of the model's classes \(config.classNames)")
            }
            mapped.append(Int64(k))
        }
        return Tensor(mapped, shape: [rows.count])
    }
}
