// A model the catalogue can build by name: its tasks, hyperparameters and how to make the estimator.
import Datasets

/// A classifier and/or regressor that ``ModelCatalog`` builds from a name and textual hyperparameters (the
/// `swiftlearn fit --model NAME --HYPERPARAMETER VALUE` command line).
public struct CatalogModel: Sendable {
    /// The name used to choose it (`random-forest`).
    public let name: String
    /// One line on what it is.
    public let summary: String
    /// The tasks it serves.
    public let tasks: [TaskKind]
    /// What it accepts, with defaults.
    public let hyperparameters: [ModelHyperparameter]
    /// Whether features are standardised before it (models sensitive to feature scale: linear, distance- and
    /// kernel-based); trees are not.
    public let scalesFeatures: Bool
    /// Whether it handles NaN features itself (otherwise NaN must be imputed first).
    public let acceptsMissingValues: Bool
    let build: @Sendable (Parameters, TaskKind) throws(ClassicMLError) -> AnyEstimator

    init(_ name: String, _ summary: String, tasks: [TaskKind], scalesFeatures: Bool, acceptsMissingValues: Bool = false,
         hyperparameters: [ModelHyperparameter], build: @escaping @Sendable (Parameters, TaskKind) throws(ClassicMLError) -> AnyEstimator) {
        self.name = name
        self.summary = summary
        self.tasks = tasks
        self.scalesFeatures = scalesFeatures
        self.acceptsMissingValues = acceptsMissingValues
        self.hyperparameters = hyperparameters
        self.build = build
    }

    /// Parses `options` (hyperparameter name → text, as typed), fills in defaults, and builds the estimator
    /// for `task`. Returns the estimator and every hyperparameter's value (to record beside the saved model).
    /// - Throws: ``ClassicMLError/invalidHyperparameter(name:value:expected:)`` for an unknown name, a value
    ///   that does not parse or is out of range, or a task the model does not serve.
    public func estimator(for task: TaskKind, options: [String: String]) throws(ClassicMLError) -> (AnyEstimator, Parameters) {
        guard tasks.contains(task) else {
            throw .invalidHyperparameter(name: "task", value: task.rawValue,
                                         expected: "\(tasks.map(\.rawValue).joined(separator: " or ")) for \(name)")
        }
        let known = Dictionary(uniqueKeysWithValues: hyperparameters.map { ($0.name, $0) })
        for key in options.keys.sorted() where known[key] == nil {
            let names = hyperparameters.map(\.name)
            throw .invalidHyperparameter(name: key, value: options[key]!,
                                         expected: names.isEmpty ? "no hyperparameters for \(name)" : "one of \(name)'s hyperparameters: \(names.joined(separator: ", "))")
        }
        var values: Parameters = [:]
        for h in hyperparameters { values[h.name] = try h.parse(options[h.name] ?? h.defaultValue) }
        return (try build(values, task), values)
    }
}
