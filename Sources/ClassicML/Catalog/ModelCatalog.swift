// The classifiers and regressors that can be chosen by name (the CLI's `--model`), and how saved ones load.
import Datasets

/// Every model `swiftlearn fit` and `swiftlearn cv` can build by name, with its hyperparameters.
///
/// ```swift
/// let entry = try ModelCatalog.model(named: "random-forest")
/// let (estimator, _) = try entry.estimator(for: .classification, options: ["tree-count": "200"])
/// let model = try estimator.fit(x, y)
/// ```
public enum ModelCatalog {
    /// All models, in the order help lists them.
    public static let models: [CatalogModel] = linearModels + otherModels + [boosting] + supportVectorModels

    /// The model called `name`.
    /// - Throws: ``ClassicMLError/invalidHyperparameter(name:value:expected:)`` naming the known models.
    public static func model(named name: String) throws(ClassicMLError) -> CatalogModel {
        guard let m = models.first(where: { $0.name == name }) else {
            throw .invalidHyperparameter(name: "model", value: name, expected: "one of \(models.map(\.name).joined(separator: ", "))")
        }
        return m
    }

    /// How to rebuild each saved kind (the `kind` in a model file) as an ``AnyFittedModel``.
    static let loaders: [String: @Sendable (ModelArchive) throws(ClassicMLError) -> AnyFittedModel] = [
        FittedLogisticRegression.kind: { (a) throws(ClassicMLError) in AnyFittedModel(classifier: try FittedLogisticRegression(archive: a)) },
        LinearRegression.archiveKind: { (a) throws(ClassicMLError) in AnyFittedModel(regressor: try FittedLinearRegression(archive: a)) },
        Ridge.archiveKind: { (a) throws(ClassicMLError) in AnyFittedModel(regressor: try FittedRidge(archive: a)) },
        Lasso.archiveKind: { (a) throws(ClassicMLError) in AnyFittedModel(regressor: try FittedLasso(archive: a)) },
        ElasticNet.archiveKind: { (a) throws(ClassicMLError) in AnyFittedModel(regressor: try FittedElasticNet(archive: a)) },
        FittedKNeighborsClassifier.kind: { (a) throws(ClassicMLError) in AnyFittedModel(classifier: try FittedKNeighborsClassifier(archive: a)) },
        FittedKNeighborsRegressor.kind: { (a) throws(ClassicMLError) in AnyFittedModel(regressor: try FittedKNeighborsRegressor(archive: a)) },
        FittedGaussianNB.kind: { (a) throws(ClassicMLError) in AnyFittedModel(classifier: try FittedGaussianNB(archive: a)) },
        FittedMultinomialNB.kind: { (a) throws(ClassicMLError) in AnyFittedModel(classifier: try FittedMultinomialNB(archive: a)) },
        FittedDecisionTreeClassifier.kind: { (a) throws(ClassicMLError) in AnyFittedModel(classifier: try FittedDecisionTreeClassifier(archive: a)) },
        FittedDecisionTreeRegressor.kind: { (a) throws(ClassicMLError) in AnyFittedModel(regressor: try FittedDecisionTreeRegressor(archive: a)) },
        FittedRandomForestClassifier.kind: { (a) throws(ClassicMLError) in AnyFittedModel(classifier: try FittedRandomForestClassifier(archive: a)) },
        FittedRandomForestRegressor.kind: { (a) throws(ClassicMLError) in AnyFittedModel(regressor: try FittedRandomForestRegressor(archive: a)) },
        FittedHistGradientBoostingClassifier.kind: { (a) throws(ClassicMLError) in
            AnyFittedModel(classifier: try FittedHistGradientBoostingClassifier(archive: a))
        },
        FittedHistGradientBoostingRegressor.kind: { (a) throws(ClassicMLError) in
            AnyFittedModel(regressor: try FittedHistGradientBoostingRegressor(archive: a))
        },
        FittedSVC.kind: { (a) throws(ClassicMLError) in AnyFittedModel(classifier: try FittedSVC(archive: a)) },
        FittedSVR.kind: { (a) throws(ClassicMLError) in AnyFittedModel(regressor: try FittedSVR(archive: a)) },
        FittedLinearSVC.kind: { (a) throws(ClassicMLError) in
            AnyFittedModel(labelClassifier: try FittedLinearSVC(archive: a), name: "linear-svc", classes: { $0.classes }) {
                (m, x) throws(ClassicMLError) in try m.predict(x)
            }
        },
    ]

    // MARK: - Entries

    private static let iterations = ModelHyperparameter("max-iterations", .integer(1...Int.max), default: "1000", help: "iteration limit of the solver")
    private static let tolerance = ModelHyperparameter("tolerance", .number(1e-15...1), default: "1e-4", help: "stopping tolerance of the solver")
    private static let intercept = ModelHyperparameter("fit-intercept", .boolean, default: "true", help: "fit an unpenalised intercept")
    private static let alpha = ModelHyperparameter("alpha", .number(0...Double.greatestFiniteMagnitude), default: "1", help: "penalty strength")

    private static let linearModels: [CatalogModel] = [
        CatalogModel("logistic-regression", "logistic regression (multinomial; L-BFGS for L2, proximal gradient for L1 / elastic net)",
                     tasks: [.classification], scalesFeatures: true, hyperparameters: [
                        ModelHyperparameter("c", .number(1e-12...Double.greatestFiniteMagnitude), default: "1", help: "inverse penalty strength"),
                        ModelHyperparameter("penalty", .choice(["l2", "l1", "elastic-net"]), default: "l2", help: "weight penalty"),
                        ModelHyperparameter("l1-ratio", .number(0...1), default: "0.5", help: "L1 share of the elastic-net penalty"),
                        ModelHyperparameter("max-iterations", .integer(1...Int.max), default: "100", help: "iteration limit of the solver"),
                        tolerance, intercept,
                     ]) { (p, _) throws(ClassicMLError) in
            let penalty: LogisticRegression.Penalty = switch try p.string("penalty") {
            case "l1": .l1
            case "elastic-net": .elasticNet(l1Ratio: try p.double("l1-ratio"))
            default: .l2
            }
            return AnyEstimator(classifier: LogisticRegression(c: try p.double("c"), penalty: penalty, fitIntercept: try p.bool("fit-intercept"),
                                                               maxIterations: try p.int("max-iterations"), tolerance: try p.double("tolerance")),
                                name: "logistic-regression")
        },
        CatalogModel("linear-regression", "ordinary least squares", tasks: [.regression], scalesFeatures: true,
                     hyperparameters: [intercept]) { (p, _) throws(ClassicMLError) in
            AnyEstimator(regressor: LinearRegression(fitIntercept: try p.bool("fit-intercept")), name: "linear-regression")
        },
        CatalogModel("ridge", "least squares with an L2 penalty", tasks: [.regression], scalesFeatures: true,
                     hyperparameters: [alpha, intercept]) { (p, _) throws(ClassicMLError) in
            AnyEstimator(regressor: Ridge(alpha: try p.double("alpha"), fitIntercept: try p.bool("fit-intercept")), name: "ridge")
        },
        CatalogModel("lasso", "least squares with an L1 penalty (coordinate descent)", tasks: [.regression], scalesFeatures: true,
                     hyperparameters: [alpha, iterations, tolerance, intercept]) { (p, _) throws(ClassicMLError) in
            AnyEstimator(regressor: Lasso(alpha: try p.double("alpha"), maxIterations: try p.int("max-iterations"),
                                          tolerance: try p.double("tolerance"), fitIntercept: try p.bool("fit-intercept")), name: "lasso")
        },
        CatalogModel("elastic-net", "least squares with L1 + L2 penalties (coordinate descent)", tasks: [.regression], scalesFeatures: true,
                     hyperparameters: [alpha, ModelHyperparameter("l1-ratio", .number(0...1), default: "0.5", help: "L1 share of the penalty"),
                                       iterations, tolerance, intercept]) { (p, _) throws(ClassicMLError) in
            AnyEstimator(regressor: ElasticNet(alpha: try p.double("alpha"), l1Ratio: try p.double("l1-ratio"), maxIterations: try p.int("max-iterations"),
                                               tolerance: try p.double("tolerance"), fitIntercept: try p.bool("fit-intercept")), name: "elastic-net")
        },
    ]

    private static let seed = ModelHyperparameter("seed", .integer(0...Int.max), default: "0", help: "random seed")
    private static let treeLimits = [
        ModelHyperparameter("max-depth", .integer(1...Int.max), default: "none", acceptsNone: true, help: "deepest leaf (none: grow until pure)"),
        ModelHyperparameter("min-samples-split", .integer(2...Int.max), default: "2", help: "smallest node that is split"),
        ModelHyperparameter("min-samples-leaf", .integer(1...Int.max), default: "1", help: "smallest leaf"),
    ]
    private static func criterion() -> ModelHyperparameter {
        ModelHyperparameter("criterion", .choice(["gini", "entropy"]), default: "gini", help: "impurity of classification trees")
    }
    private static func maxFeatures(default value: String) -> ModelHyperparameter {
        ModelHyperparameter("max-features", .choice(["all", "sqrt", "log2"]), default: value,
                       help: "features examined per split (forests default to sqrt for classification, all for regression)")
    }

    private static func limits(_ p: Parameters) throws(ClassicMLError) -> TreeLimits {
        TreeLimits(maxDepth: try p.optionalInt("max-depth"), minSamplesSplit: try p.int("min-samples-split"),
                   minSamplesLeaf: try p.int("min-samples-leaf"))
    }

    private static func features(_ p: Parameters, task: TaskKind, forest: Bool) throws(ClassicMLError) -> MaxFeatures {
        switch try p.string("max-features") {
        case "sqrt": return .sqrt
        case "log2": return .log2
        case "all": return .all
        default: return forest && task == .classification ? .sqrt : .all  // "auto"
        }
    }

    private static let otherModels: [CatalogModel] = [
        CatalogModel("knn", "k-nearest neighbours (brute force or k-d tree)", tasks: [.classification, .regression], scalesFeatures: true,
                     hyperparameters: [
                        ModelHyperparameter("neighbors", .integer(1...Int.max), default: "5", help: "neighbours consulted"),
                        ModelHyperparameter("weights", .choice(["uniform", "distance"]), default: "uniform", help: "how neighbours are weighted"),
                        ModelHyperparameter("algorithm", .choice(["brute", "kd-tree"]), default: "brute", help: "search structure"),
                     ]) { (p, task) throws(ClassicMLError) in
            let weighting: NeighborWeighting = try p.string("weights") == "distance" ? .distance : .uniform
            let algorithm: NeighborAlgorithm = try p.string("algorithm") == "kd-tree" ? .kdTree : .brute
            let k = try p.int("neighbors")
            return task == .classification
                ? AnyEstimator(classifier: KNeighborsClassifier(neighbors: k, weighting: weighting, algorithm: algorithm), name: "knn")
                : AnyEstimator(regressor: KNeighborsRegressor(neighbors: k, weighting: weighting, algorithm: algorithm), name: "knn")
        },
        CatalogModel("gaussian-nb", "Gaussian naive Bayes", tasks: [.classification], scalesFeatures: false, hyperparameters: [
            ModelHyperparameter("var-smoothing", .number(0...1), default: "1e-9", help: "share of the largest variance added to every variance"),
        ]) { (p, _) throws(ClassicMLError) in
            AnyEstimator(classifier: GaussianNB(varianceSmoothing: try p.double("var-smoothing")), name: "gaussian-nb")
        },
        CatalogModel("multinomial-nb", "multinomial naive Bayes (count or frequency features ≥ 0)", tasks: [.classification], scalesFeatures: false,
                     hyperparameters: [ModelHyperparameter("alpha", .number(0...Double.greatestFiniteMagnitude), default: "1", help: "additive smoothing")]) {
            (p, _) throws(ClassicMLError) in
            AnyEstimator(classifier: MultinomialNB(alpha: try p.double("alpha")), name: "multinomial-nb")
        },
        CatalogModel("decision-tree", "a CART decision tree", tasks: [.classification, .regression], scalesFeatures: false,
                     hyperparameters: [criterion()] + treeLimits + [maxFeatures(default: "all"), seed]) { (p, task) throws(ClassicMLError) in
            let limits = try limits(p), mf = try features(p, task: task, forest: false), seed = UInt64(try p.int("seed"))
            if task == .classification {
                let c = ClassificationCriterion(rawValue: try p.string("criterion")) ?? .gini
                return AnyEstimator(classifier: DecisionTreeClassifier(criterion: c, limits: limits, maxFeatures: mf, seed: seed), name: "decision-tree")
            }
            return AnyEstimator(regressor: DecisionTreeRegressor(limits: limits, maxFeatures: mf, seed: seed), name: "decision-tree")
        },
        CatalogModel("random-forest", "a random forest of CART trees on bootstrap samples (both cores)", tasks: [.classification, .regression],
                     scalesFeatures: false,
                     hyperparameters: [ModelHyperparameter("tree-count", .integer(1...100_000), default: "100", help: "number of trees"), criterion()]
                        + treeLimits
                        + [ModelHyperparameter("max-features", .choice(["auto", "all", "sqrt", "log2"]), default: "auto",
                                          help: "features examined per split (auto: sqrt for classification, all for regression)"),
                           ModelHyperparameter("bootstrap", .boolean, default: "true", help: "grow each tree on a bootstrap sample"), seed]) {
            (p, task) throws(ClassicMLError) in
            let limits = try limits(p), mf = try features(p, task: task, forest: true), seed = UInt64(try p.int("seed"))
            let count = try p.int("tree-count"), bootstrap = try p.bool("bootstrap")
            if task == .classification {
                let c = ClassificationCriterion(rawValue: try p.string("criterion")) ?? .gini
                return AnyEstimator(classifier: RandomForestClassifier(treeCount: count, criterion: c, limits: limits, maxFeatures: mf,
                                                                       bootstrap: bootstrap, seed: seed), name: "random-forest")
            }
            return AnyEstimator(regressor: RandomForestRegressor(treeCount: count, limits: limits, maxFeatures: mf, bootstrap: bootstrap, seed: seed),
                                name: "random-forest")
        },
    ]

    // MARK: - Support vector machines

    private static let kernelParameters = [
        ModelHyperparameter("c", .number(1e-12...Double.greatestFiniteMagnitude), default: "1", help: "penalty on margin violations"),
        ModelHyperparameter("kernel", .choice(["rbf", "poly", "linear", "sigmoid"]), default: "rbf", help: "kernel function"),
        ModelHyperparameter("gamma", .number(0...Double.greatestFiniteMagnitude), default: "none", acceptsNone: true,
                            help: "kernel width (none: 1 / (features · variance), scikit-learn's 'scale')"),
        ModelHyperparameter("degree", .integer(1...20), default: "3", help: "degree of the polynomial kernel"),
        ModelHyperparameter("coef0", .number(-1e6...1e6), default: "0", help: "constant of the polynomial and sigmoid kernels"),
        ModelHyperparameter("tolerance", .number(1e-15...1), default: "1e-3", help: "stopping tolerance of the solver"),
    ]

    private static func kernel(_ p: Parameters) throws(ClassicMLError) -> SVMKernel {
        let gamma: KernelGamma = p["gamma"]?.stringValue == "none" ? .scale : .value(try p.double("gamma"))
        return switch try p.string("kernel") {
        case "linear": .linear
        case "poly": .polynomial(degree: try p.int("degree"), gamma: gamma, coef0: try p.double("coef0"))
        case "sigmoid": .sigmoid(gamma: gamma, coef0: try p.double("coef0"))
        default: .rbf(gamma: gamma)
        }
    }

    private static let supportVectorModels: [CatalogModel] = [
        CatalogModel("svc", "kernel support vector classifier (SMO, one-vs-one; probabilities by Platt scaling when asked)",
                     tasks: [.classification], scalesFeatures: true,
                     hyperparameters: kernelParameters + [
                        ModelHyperparameter("probability", .boolean, default: "false", help: "fit Platt sigmoids for probabilities (5× the fits)"),
                        seed,
                     ]) { (p, _) throws(ClassicMLError) in
            AnyEstimator(classifier: SVC(c: try p.double("c"), kernel: try kernel(p), tolerance: try p.double("tolerance"),
                                         probability: try p.bool("probability"), seed: UInt64(try p.int("seed"))), name: "svc")
        },
        CatalogModel("svr", "epsilon support vector regression (SMO)", tasks: [.regression], scalesFeatures: true,
                     hyperparameters: kernelParameters + [
                        ModelHyperparameter("epsilon", .number(0...Double.greatestFiniteMagnitude), default: "0.1", help: "width of the loss-free tube"),
                     ]) { (p, _) throws(ClassicMLError) in
            AnyEstimator(regressor: SVR(c: try p.double("c"), epsilon: try p.double("epsilon"), kernel: try kernel(p),
                                        tolerance: try p.double("tolerance")), name: "svr")
        },
        CatalogModel("linear-svc", "linear support vector classifier (dual coordinate descent, one-vs-rest; labels only)",
                     tasks: [.classification], scalesFeatures: true, hyperparameters: [
                        ModelHyperparameter("c", .number(1e-12...Double.greatestFiniteMagnitude), default: "1", help: "penalty on margin violations"),
                        ModelHyperparameter("loss", .choice(["squared-hinge", "hinge"]), default: "squared-hinge", help: "margin loss"),
                        ModelHyperparameter("max-iterations", .integer(1...Int.max), default: "1000", help: "iteration limit of the solver"),
                        tolerance, intercept,
                     ]) { (p, _) throws(ClassicMLError) in
            let svc = LinearSVC(c: try p.double("c"), loss: try p.string("loss") == "hinge" ? .hinge : .squaredHinge,
                                tolerance: try p.double("tolerance"), maxIterations: try p.int("max-iterations"),
                                fitIntercept: try p.bool("fit-intercept"))
            return AnyEstimator(labelClassifier: svc, name: "linear-svc", classes: { $0.classes }) { (m, x) throws(ClassicMLError) in try m.predict(x) }
        },
    ]

    // MARK: - Gradient boosting

    private static let boosting = CatalogModel(
        "hist-gradient-boosting", "histogram gradient boosting (binned features, leaf-wise trees, native missing values, early stopping)",
        tasks: [.classification, .regression], scalesFeatures: false, acceptsMissingValues: true, hyperparameters: [
            ModelHyperparameter("learning-rate", .number(1e-6...10), default: "0.1", help: "shrinkage of each tree"),
            ModelHyperparameter("max-iterations", .integer(1...100_000), default: "100", help: "boosting rounds (one tree per class per round)"),
            ModelHyperparameter("max-leaf-nodes", .integer(2...100_000), default: "31", acceptsNone: true, help: "leaves per tree"),
            ModelHyperparameter("max-depth", .integer(1...Int.max), default: "none", acceptsNone: true, help: "deepest leaf"),
            ModelHyperparameter("min-samples-leaf", .integer(1...Int.max), default: "20", help: "smallest leaf"),
            ModelHyperparameter("l2-regularization", .number(0...Double.greatestFiniteMagnitude), default: "0", help: "L2 penalty on leaf values"),
            ModelHyperparameter("max-bins", .integer(2...255), default: "255", help: "bins per feature (plus one for missing values)"),
            ModelHyperparameter("early-stopping", .choice(["auto", "on", "off"]), default: "auto", help: "stop on a validation split (auto: over 10,000 rows)"),
            ModelHyperparameter("loss", .choice(["squared-error", "absolute-error", "quantile"]), default: "squared-error", help: "regression loss"),
            ModelHyperparameter("quantile", .number(0...1), default: "0.5", help: "the quantile of the quantile loss"),
            seed,
        ]) { (p, task) throws(ClassicMLError) in
        let settings = BoostingSettings(
            learningRate: try p.double("learning-rate"), maxIterations: try p.int("max-iterations"), maxLeafNodes: try p.optionalInt("max-leaf-nodes"),
            maxDepth: try p.optionalInt("max-depth"), minSamplesLeaf: try p.int("min-samples-leaf"), l2Regularization: try p.double("l2-regularization"),
            maxBins: try p.int("max-bins"), earlyStopping: EarlyStopping(rawValue: try p.string("early-stopping")) ?? .auto, seed: UInt64(try p.int("seed")))
        if task == .classification {
            return AnyEstimator(classifier: HistGradientBoostingClassifier(settings), name: "hist-gradient-boosting")
        }
        let loss: RegressionLoss = switch try p.string("loss") {
        case "absolute-error": .absoluteError
        case "quantile": .quantile(try p.double("quantile"))
        default: .squaredError
        }
        return AnyEstimator(regressor: HistGradientBoostingRegressor(loss: loss, settings), name: "hist-gradient-boosting")
    }
}
