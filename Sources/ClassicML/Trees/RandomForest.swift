// Random forests (scikit-learn's RandomForestClassifier and RandomForestRegressor).
import Tensors

/// A random forest of classification trees (`sklearn.ensemble.RandomForestClassifier`): each tree grows on a
/// bootstrap sample examining a random subset of features per split; probabilities are the trees' leaf class
/// fractions averaged, and the label is their argmax.
///
/// Trees grow on all cores; tree `t` draws from its own seed (derived from ``seed``), so the forest is
/// identical at any thread count.
///
/// ```swift
/// let forest = try RandomForestClassifier(treeCount: 100, seed: 0).fit(x, y)
/// let p = try forest.predictProbabilities(x)
/// ```
public struct RandomForestClassifier: Estimator, Codable, Equatable {
    /// The number of trees (`n_estimators`).
    public var treeCount: Int
    /// Node impurity of every tree.
    public var criterion: ClassificationCriterion
    /// Depth and leaf-size limits of every tree.
    public var limits: TreeLimits
    /// Features examined per split (√features by default, as scikit-learn).
    public var maxFeatures: MaxFeatures
    /// Whether each tree sees a bootstrap sample (otherwise all rows).
    public var bootstrap: Bool
    /// The seed every tree's seed is derived from.
    public var seed: UInt64

    public init(treeCount: Int = 100, criterion: ClassificationCriterion = .gini, limits: TreeLimits = TreeLimits(),
                maxFeatures: MaxFeatures = .sqrt, bootstrap: Bool = true, seed: UInt64 = 0) {
        self.treeCount = treeCount
        self.criterion = criterion
        self.limits = limits
        self.maxFeatures = maxFeatures
        self.bootstrap = bootstrap
        self.seed = seed
    }

    /// Grows the forest on `x` `[samples, features]` and labels `y` `[samples]`.
    /// - Throws: ``ClassicMLError/singleClass(label:)``, ``ClassicMLError/invalidHyperparameter(name:value:expected:)``
    ///   and the usual input errors.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedRandomForestClassifier {
        try ForestGrowth.validate(count: treeCount)
        let (builder, classes) = try TreeBuilder.classification(x, y, criterion: criterion, limits: limits, maxFeatures: maxFeatures)
        let trees = ForestGrowth.grow(builder, count: treeCount, bootstrap: bootstrap, seed: seed)
        return FittedRandomForestClassifier(configuration: self, classes: classes, trees: trees, featureCount: builder.columns)
    }
}

/// A fitted ``RandomForestClassifier``.
public struct FittedRandomForestClassifier: Classifier {
    /// The configuration it was fitted with.
    public let configuration: RandomForestClassifier
    public let classes: [Double]
    public let featureCount: Int
    let trees: [TreeNodes]

    init(configuration: RandomForestClassifier, classes: [Double], trees: [TreeNodes], featureCount: Int) {
        self.configuration = configuration
        self.classes = classes
        self.trees = trees
        self.featureCount = featureCount
    }

    /// The deepest tree's depth.
    public var maxDepth: Int { trees.map(\.depth).max() ?? 0 }
    /// The mean of the trees' normalised importances, normalised to sum to 1.
    public var featureImportances: [Double] { ForestGrowth.importances(trees, features: featureCount) }

    /// The trees' leaf class fractions averaged `[samples, classes]`.
    public func predictProbabilities(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        return Tensor(ForestGrowth.average(trees, values, rows: rows, columns: featureCount), shape: [rows, classes.count])
    }

    /// The class of largest averaged probability (the first class on ties).
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let p = try predictProbabilities(x)
        return ClassScores.labels(p.doubles, rows: p.shape[0], classes: classes)
    }

    struct Saved: Codable { var configuration: RandomForestClassifier, classes: [Double], featureCount: Int, trees: Int }
    static let kind = "RandomForestClassifier"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(configuration: configuration, classes: classes, featureCount: featureCount, trees: trees.count),
                         tensors: ForestGrowth.tensors(trees))
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        self.init(configuration: s.configuration, classes: s.classes,
                  trees: try ForestGrowth.trees(archive, count: s.trees, outputs: s.classes.count, features: s.featureCount),
                  featureCount: s.featureCount)
    }
}

/// A random forest of regression trees (`sklearn.ensemble.RandomForestRegressor`): bootstrap samples, all
/// features per split by default (scikit-learn's `max_features=1.0`), predictions averaged over the trees.
///
/// ```swift
/// let forest = try RandomForestRegressor(treeCount: 100, seed: 0).fit(x, y)
/// ```
public struct RandomForestRegressor: Estimator, Codable, Equatable {
    /// The number of trees (`n_estimators`).
    public var treeCount: Int
    /// Depth and leaf-size limits of every tree.
    public var limits: TreeLimits
    /// Features examined per split (all by default, as scikit-learn).
    public var maxFeatures: MaxFeatures
    /// Whether each tree sees a bootstrap sample (otherwise all rows).
    public var bootstrap: Bool
    /// The seed every tree's seed is derived from.
    public var seed: UInt64

    public init(treeCount: Int = 100, limits: TreeLimits = TreeLimits(), maxFeatures: MaxFeatures = .all,
                bootstrap: Bool = true, seed: UInt64 = 0) {
        self.treeCount = treeCount
        self.limits = limits
        self.maxFeatures = maxFeatures
        self.bootstrap = bootstrap
        self.seed = seed
    }

    /// Grows the forest on `x` `[samples, features]` and targets `y` `[samples]`.
    /// - Throws: ``ClassicMLError/tooFewSamples(what:needed:found:)`` for fewer than 2 rows,
    ///   ``ClassicMLError/invalidHyperparameter(name:value:expected:)`` and the usual input errors.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedRandomForestRegressor {
        try ForestGrowth.validate(count: treeCount)
        let builder = try TreeBuilder.regression(x, y, limits: limits, maxFeatures: maxFeatures, model: "a random forest")
        let trees = ForestGrowth.grow(builder, count: treeCount, bootstrap: bootstrap, seed: seed)
        return FittedRandomForestRegressor(configuration: self, trees: trees, featureCount: builder.columns)
    }
}

/// A fitted ``RandomForestRegressor``.
public struct FittedRandomForestRegressor: Regressor {
    /// The configuration it was fitted with.
    public let configuration: RandomForestRegressor
    public let featureCount: Int
    let trees: [TreeNodes]

    init(configuration: RandomForestRegressor, trees: [TreeNodes], featureCount: Int) {
        self.configuration = configuration
        self.trees = trees
        self.featureCount = featureCount
    }

    /// The mean of the trees' normalised importances, normalised to sum to 1.
    public var featureImportances: [Double] { ForestGrowth.importances(trees, features: featureCount) }

    /// The trees' predictions averaged `[samples]`.
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        return Tensor(ForestGrowth.average(trees, values, rows: rows, columns: featureCount), shape: [rows])
    }

    struct Saved: Codable { var configuration: RandomForestRegressor, featureCount: Int, trees: Int }
    static let kind = "RandomForestRegressor"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(configuration: configuration, featureCount: featureCount, trees: trees.count),
                         tensors: ForestGrowth.tensors(trees))
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        self.init(configuration: s.configuration,
                  trees: try ForestGrowth.trees(archive, count: s.trees, outputs: 1, features: s.featureCount), featureCount: s.featureCount)
    }
}
