// The hyperparameters histogram gradient boosting shares between classification and regression.

/// When boosting holds out rows to stop early (scikit-learn's `early_stopping`).
public enum EarlyStopping: String, Codable, Sendable, Equatable {
    /// On when the training set has more than 10,000 rows (scikit-learn's default).
    case auto
    case on
    case off
}

/// The settings of ``HistGradientBoostingClassifier`` and ``HistGradientBoostingRegressor``, with
/// scikit-learn's defaults.
public struct BoostingSettings: Codable, Sendable, Equatable {
    /// The step each tree's leaves are multiplied by (`learning_rate`, > 0).
    public var learningRate: Double
    /// Boosting iterations (`max_iter`, ≥ 1); each builds one tree, or one per class for more than two classes.
    public var maxIterations: Int
    /// Leaves per tree (`max_leaf_nodes`, ≥ 2, or nil for no limit).
    public var maxLeafNodes: Int?
    /// The deepest a leaf may be, the root at depth 0 (`max_depth`, ≥ 1, or nil for no limit).
    public var maxDepth: Int?
    /// Rows each leaf keeps at least (`min_samples_leaf`, ≥ 1).
    public var minSamplesLeaf: Int
    /// The L2 penalty on leaf values (`l2_regularization`, ≥ 0).
    public var l2Regularization: Double
    /// Bins for non-missing values per feature (`max_bins`, 2…255); missing values get one more.
    public var maxBins: Int
    /// Whether to stop when the validation loss stops improving.
    public var earlyStopping: EarlyStopping
    /// The fraction of rows held out to score early stopping (in (0, 1)); nil scores the training loss.
    public var validationFraction: Double?
    /// Stop after this many iterations without an improvement of more than ``tolerance`` (`n_iter_no_change`, ≥ 1).
    public var iterationsWithoutChange: Int
    /// The improvement of the score (minus the loss) that counts (`tol`, ≥ 0).
    public var tolerance: Double
    /// Seeds the validation split and the binning subsample.
    public var seed: UInt64

    public init(learningRate: Double = 0.1, maxIterations: Int = 100, maxLeafNodes: Int? = 31, maxDepth: Int? = nil,
                minSamplesLeaf: Int = 20, l2Regularization: Double = 0, maxBins: Int = 255,
                earlyStopping: EarlyStopping = .auto, validationFraction: Double? = 0.1, iterationsWithoutChange: Int = 10,
                tolerance: Double = 1e-7, seed: UInt64 = 0) {
        self.learningRate = learningRate
        self.maxIterations = maxIterations
        self.maxLeafNodes = maxLeafNodes
        self.maxDepth = maxDepth
        self.minSamplesLeaf = minSamplesLeaf
        self.l2Regularization = l2Regularization
        self.maxBins = maxBins
        self.earlyStopping = earlyStopping
        self.validationFraction = validationFraction
        self.iterationsWithoutChange = iterationsWithoutChange
        self.tolerance = tolerance
        self.seed = seed
    }

    func validate() throws(ClassicMLError) {
        func bad(_ name: String, _ value: Any, _ expected: String) -> ClassicMLError {
            .invalidHyperparameter(name: name, value: "\(value)", expected: expected)
        }
        guard learningRate > 0 && learningRate.isFinite else { throw bad("learningRate", learningRate, "> 0") }
        guard maxIterations >= 1 else { throw bad("maxIterations", maxIterations, "≥ 1") }
        if let m = maxLeafNodes, m < 2 { throw bad("maxLeafNodes", m, "≥ 2 or nil") }
        if let d = maxDepth, d < 1 { throw bad("maxDepth", d, "≥ 1 or nil") }
        guard minSamplesLeaf >= 1 else { throw bad("minSamplesLeaf", minSamplesLeaf, "≥ 1") }
        guard l2Regularization >= 0 && l2Regularization.isFinite else { throw bad("l2Regularization", l2Regularization, "≥ 0") }
        guard (2...255).contains(maxBins) else { throw bad("maxBins", maxBins, "in 2…255") }
        if let v = validationFraction, !(v > 0 && v < 1) { throw bad("validationFraction", v, "in (0, 1) or nil") }
        guard iterationsWithoutChange >= 1 else { throw bad("iterationsWithoutChange", iterationsWithoutChange, "≥ 1") }
        guard tolerance >= 0 && tolerance.isFinite else { throw bad("tolerance", tolerance, "≥ 0") }
    }

    var growth: GrowthSettings {
        GrowthSettings(maxLeafNodes: maxLeafNodes, maxDepth: maxDepth, minSamplesLeaf: minSamplesLeaf,
                       l2Regularization: l2Regularization, shrinkage: learningRate)
    }
}
