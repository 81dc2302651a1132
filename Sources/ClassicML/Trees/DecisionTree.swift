// Single CART decision trees (scikit-learn's DecisionTreeClassifier and DecisionTreeRegressor).
import Foundation
import Tensors

/// A CART classification tree (`sklearn.tree.DecisionTreeClassifier`).
///
/// Splits are found by an exhaustive search over every midpoint between consecutive distinct values of each
/// examined feature; a row goes left when `x[feature] <= threshold`. As in scikit-learn, feature values are read as
/// Float32 (in fit and predict) and thresholds are Float64 midpoints of them.
///
/// With seed `s` (below 2³²), the tree equals scikit-learn's `DecisionTreeClassifier(random_state=s)` with the same
/// criterion, limits and `max_features`: features are examined at each node in the random order scikit-learn's
/// BestSplitter draws from that seed, so among equally good splits the same one wins (the first found; within a
/// feature, the lowest threshold). A seed of 2³² or more acts as numpy's `RandomState([low 32 bits, high 32 bits])`.
///
/// ```swift
/// let model = try DecisionTreeClassifier(limits: TreeLimits(maxDepth: 5)).fit(x, y)
/// let labels = try model.predict(x)
/// ```
public struct DecisionTreeClassifier: Estimator, Codable, Equatable {
    /// Node impurity: Gini (default) or entropy.
    public var criterion: ClassificationCriterion
    /// Depth and leaf-size limits.
    public var limits: TreeLimits
    /// Features examined per split.
    public var maxFeatures: MaxFeatures
    /// Seeds the order in which features are examined (scikit-learn's `random_state`): which of several equally
    /// good splits wins, and which features are drawn when fewer than all are examined.
    public var seed: UInt64

    public init(criterion: ClassificationCriterion = .gini, limits: TreeLimits = TreeLimits(), maxFeatures: MaxFeatures = .all, seed: UInt64 = 0) {
        self.criterion = criterion
        self.limits = limits
        self.maxFeatures = maxFeatures
        self.seed = seed
    }

    /// Grows the tree on `x` `[samples, features]` and labels `y` `[samples]`.
    /// - Throws: ``ClassicMLError/singleClass(label:)``, ``ClassicMLError/invalidHyperparameter(name:value:expected:)``
    ///   and the usual input errors.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedDecisionTreeClassifier {
        let (builder, classes) = try TreeBuilder.classification(x, y, criterion: criterion, limits: limits, maxFeatures: maxFeatures)
        let tree = builder.growLikeScikitLearn(weights: [Double](repeating: 1, count: builder.rows), seed: seed)
        return FittedDecisionTreeClassifier(configuration: self, classes: classes, tree: tree, featureCount: builder.columns)
    }
}

/// A fitted ``DecisionTreeClassifier``.
public struct FittedDecisionTreeClassifier: Classifier {
    /// The configuration it was fitted with.
    public let configuration: DecisionTreeClassifier
    public let classes: [Double]
    public let featureCount: Int
    let tree: TreeNodes

    init(configuration: DecisionTreeClassifier, classes: [Double], tree: TreeNodes, featureCount: Int) {
        self.configuration = configuration
        self.classes = classes
        self.tree = tree
        self.featureCount = featureCount
    }

    /// The longest root-to-leaf path (0 for a single leaf).
    public var depth: Int { tree.depth }
    /// The number of leaves.
    public var leafCount: Int { tree.leafCount }
    /// The number of nodes (internal and leaves).
    public var nodeCount: Int { tree.count }
    /// Each feature's total impurity decrease, normalised to sum to 1 (all zero if the tree never split).
    public var featureImportances: [Double] { tree.normalizedImportance }

    /// Leaf class fractions `[samples, classes]`.
    public func predictProbabilities(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        var out = [Double](repeating: 0, count: rows * classes.count)
        tree.accumulate(values, rows: rows, columns: featureCount, scale: 1, into: &out)
        return Tensor(out, shape: [rows, classes.count])
    }

    /// The majority class of each row's leaf (the first class on ties).
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let p = try predictProbabilities(x)
        return ClassScores.labels(p.doubles, rows: p.shape[0], classes: classes)
    }

    struct Saved: Codable { var configuration: DecisionTreeClassifier, classes: [Double], featureCount: Int }
    static let kind = "DecisionTreeClassifier"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(configuration: configuration, classes: classes, featureCount: featureCount),
                         tensors: tree.tensors(prefix: ""))
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        self.init(configuration: s.configuration, classes: s.classes,
                  tree: try TreeNodes(archive: archive, prefix: "", outputs: s.classes.count, features: s.featureCount),
                  featureCount: s.featureCount)
    }
}

/// A CART regression tree (`sklearn.tree.DecisionTreeRegressor`) minimising squared error; leaves predict the
/// mean target of their rows. Splits as ``DecisionTreeClassifier``; with seed `s` features are examined in the order of
/// scikit-learn's `DecisionTreeRegressor(random_state=s)`.
///
/// ```swift
/// let model = try DecisionTreeRegressor(limits: TreeLimits(minSamplesLeaf: 5)).fit(x, y)
/// ```
public struct DecisionTreeRegressor: Estimator, Codable, Equatable {
    /// Depth and leaf-size limits.
    public var limits: TreeLimits
    /// Features examined per split.
    public var maxFeatures: MaxFeatures
    /// Seeds the order in which features are examined (scikit-learn's `random_state`), as in ``DecisionTreeClassifier``.
    public var seed: UInt64

    public init(limits: TreeLimits = TreeLimits(), maxFeatures: MaxFeatures = .all, seed: UInt64 = 0) {
        self.limits = limits
        self.maxFeatures = maxFeatures
        self.seed = seed
    }

    /// Grows the tree on `x` `[samples, features]` and targets `y` `[samples]`.
    /// - Throws: ``ClassicMLError/tooFewSamples(what:needed:found:)`` for fewer than 2 rows,
    ///   ``ClassicMLError/invalidHyperparameter(name:value:expected:)`` and the usual input errors.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedDecisionTreeRegressor {
        let builder = try TreeBuilder.regression(x, y, limits: limits, maxFeatures: maxFeatures, model: "a regression tree")
        let tree = builder.growLikeScikitLearn(weights: [Double](repeating: 1, count: builder.rows), seed: seed)
        return FittedDecisionTreeRegressor(configuration: self, tree: tree, featureCount: builder.columns)
    }
}

/// A fitted ``DecisionTreeRegressor``.
public struct FittedDecisionTreeRegressor: Regressor {
    /// The configuration it was fitted with.
    public let configuration: DecisionTreeRegressor
    public let featureCount: Int
    let tree: TreeNodes

    init(configuration: DecisionTreeRegressor, tree: TreeNodes, featureCount: Int) {
        self.configuration = configuration
        self.tree = tree
        self.featureCount = featureCount
    }

    /// The longest root-to-leaf path (0 for a single leaf).
    public var depth: Int { tree.depth }
    /// The number of leaves.
    public var leafCount: Int { tree.leafCount }
    /// Each feature's total squared-error decrease, normalised to sum to 1 (all zero if the tree never split).
    public var featureImportances: [Double] { tree.normalizedImportance }

    /// The mean training target of each row's leaf `[samples]`.
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        var out = [Double](repeating: 0, count: rows)
        tree.accumulate(values, rows: rows, columns: featureCount, scale: 1, into: &out)
        return Tensor(out, shape: [rows])
    }

    struct Saved: Codable { var configuration: DecisionTreeRegressor, featureCount: Int }
    static let kind = "DecisionTreeRegressor"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(configuration: configuration, featureCount: featureCount),
                         tensors: tree.tensors(prefix: ""))
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        self.init(configuration: s.configuration,
                  tree: try TreeNodes(archive: archive, prefix: "", outputs: 1, features: s.featureCount), featureCount: s.featureCount)
    }
}
