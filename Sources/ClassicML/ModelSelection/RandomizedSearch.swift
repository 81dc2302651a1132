// Seeded random search over hyperparameter distributions (sklearn.model_selection.RandomizedSearchCV).
import Foundation
import Tensors

/// Where ``RandomizedSearch`` draws one hyperparameter from.
public enum ParameterDistribution: Sendable, Equatable {
    /// One of the values, each equally likely.
    case choice([ParameterValue])
    /// A number uniform on the interval.
    case uniform(ClosedRange<Double>)
    /// A number whose logarithm is uniform on the interval's logarithms (scipy's `loguniform`); bounds > 0.
    case logUniform(ClosedRange<Double>)
    /// An integer uniform on the range (scipy's `randint`, upper bound included).
    case integers(ClosedRange<Int>)

    func draw(_ rng: inout RandomGenerator) -> ParameterValue {
        switch self {
        case let .choice(values): values[rng.nextInt(below: values.count)]
        case let .uniform(r): .double(r.lowerBound + rng.nextDouble() * (r.upperBound - r.lowerBound))
        case let .logUniform(r): .double(exp(log(r.lowerBound) + rng.nextDouble() * (log(r.upperBound) - log(r.lowerBound))))
        case let .integers(r): .int(r.lowerBound + rng.nextInt(below: r.count))
        }
    }
}

/// Cross-validates `iterations` candidates drawn from the distributions with `seed` and keeps the best
/// (`RandomizedSearchCV`). The same seed draws the same candidates; each candidate's parameters are drawn in
/// sorted name order. When every distribution is a ``ParameterDistribution/choice(_:)``, candidates are distinct
/// points of that grid (at most its size), as scikit-learn samples without replacement. All (candidate, fold)
/// fits run on every core.
///
/// ```swift
/// let search = RandomizedSearch(distributions: ["c": .logUniform(1e-3...1e3)], iterations: 20, seed: 0,
///                               folds: .kFold(KFold(splits: 5)), scoring: .accuracy) { p throws(ClassicMLError) in
///     LogisticRegression(c: try p.double("c"))
/// }
/// ```
public struct RandomizedSearch<E: Estimator>: Sendable {
    /// Each hyperparameter's distribution.
    public var distributions: [String: ParameterDistribution]
    /// How many candidates to draw.
    public var iterations: Int
    /// The seed of the draws.
    public var seed: UInt64
    /// The cross-validation folds.
    public var folds: FoldStrategy
    /// The score to maximise.
    public var scoring: Scorer<E.Fitted>
    /// Fit the best configuration on all rows afterwards.
    public var refit: Bool
    /// Makes the estimator for one candidate's hyperparameters.
    public var build: @Sendable (Parameters) throws(ClassicMLError) -> E

    public init(distributions: [String: ParameterDistribution], iterations: Int = 10, seed: UInt64, folds: FoldStrategy,
                scoring: Scorer<E.Fitted>, refit: Bool = true,
                build: @escaping @Sendable (Parameters) throws(ClassicMLError) -> E) {
        self.distributions = distributions
        self.iterations = iterations
        self.seed = seed
        self.folds = folds
        self.scoring = scoring
        self.refit = refit
        self.build = build
    }

    /// The drawn candidates, in evaluation order.
    /// - Throws: ``ClassicMLError/invalidHyperparameter(name:value:expected:)`` for `iterations` < 1, an empty
    ///   choice, an empty integer range or a log-uniform interval not above 0.
    public func candidates() throws(ClassicMLError) -> [Parameters] {
        guard iterations >= 1 else { throw .invalidHyperparameter(name: "iterations", value: "\(iterations)", expected: "≥ 1") }
        let names = distributions.keys.sorted()
        for name in names {
            switch distributions[name]! {
            case let .choice(values) where values.isEmpty:
                throw .invalidHyperparameter(name: name, value: "[]", expected: "at least one value to choose from")
            case let .logUniform(r) where !(r.lowerBound > 0) || !r.upperBound.isFinite:
                throw .invalidHyperparameter(name: name, value: "\(r)", expected: "a finite interval above 0")
            case let .uniform(r) where !r.lowerBound.isFinite || !r.upperBound.isFinite:
                throw .invalidHyperparameter(name: name, value: "\(r)", expected: "a finite interval")
            default: break
            }
        }
        var rng = RandomGenerator(seed: seed)
        var choices: [String: [ParameterValue]] = [:]
        for (name, distribution) in distributions { if case let .choice(values) = distribution { choices[name] = values } }
        if choices.count == distributions.count {
            // Only lists: distinct points of the grid, as scikit-learn samples without replacement.
            let grid = expandGrid(choices)
            let order = Tensor.permutation(grid.count, using: &rng).integers
            return order.prefix(iterations).map { grid[$0] }
        }
        return (0..<iterations).map { _ in
            var p: Parameters = [:]
            for name in names { p[name] = distributions[name]!.draw(&rng) }
            return p
        }
    }

    /// Runs the search on `x` `[samples, features]` and targets `y`.
    /// - Throws: the errors of ``candidates()``, the fold errors of ``FoldStrategy``, and any error a
    ///   candidate's build, fit or scoring throws.
    public func fit(_ x: Tensor, _ y: Tensor) throws(ClassicMLError) -> SearchResult<E> {
        try runSearch(candidates: try candidates(), build: build, x: x, y: y, folds: folds, scoring: scoring, refit: refit)
    }
}
