// Exhaustive search over a grid of hyperparameters (sklearn.model_selection.GridSearchCV).
import Tensors

/// Cross-validates every combination of the grid's values and keeps the best (`GridSearchCV`).
///
/// Candidates are the Cartesian product of the grid with parameter names in sorted order, the last name
/// varying fastest (scikit-learn's `ParameterGrid` order). All (candidate, fold) fits run on every core.
///
/// ```swift
/// let search = GridSearch(grid: ["c": [0.01, 0.1, 1]], folds: .stratified(StratifiedKFold(splits: 5)),
///                         scoring: .accuracy) { p throws(ClassicMLError) in LogisticRegression(c: try p.double("c")) }
/// let result = try search.fit(x, y)
/// result.bestParameters    // ["c": 1.0]
/// ```
public struct GridSearch<E: Estimator>: Sendable {
    /// Each hyperparameter's candidate values.
    public var grid: [String: [ParameterValue]]
    /// The cross-validation folds.
    public var folds: FoldStrategy
    /// The score to maximise.
    public var scoring: Scorer<E.Fitted>
    /// Fit the best configuration on all rows afterwards.
    public var refit: Bool
    /// Makes the estimator for one candidate's hyperparameters.
    public var build: @Sendable (Parameters) throws(ClassicMLError) -> E

    public init(grid: [String: [ParameterValue]], folds: FoldStrategy, scoring: Scorer<E.Fitted>, refit: Bool = true,
                build: @escaping @Sendable (Parameters) throws(ClassicMLError) -> E) {
        self.grid = grid
        self.folds = folds
        self.scoring = scoring
        self.refit = refit
        self.build = build
    }

    /// Every combination of the grid, in evaluation order (one empty candidate for an empty grid).
    public var candidates: [Parameters] { expandGrid(grid) }

    /// Runs the search on `x` `[samples, features]` and targets `y`.
    /// - Throws: ``ClassicMLError/invalidModelSelection(_:)`` when a parameter has no values, the fold errors of
    ///   ``FoldStrategy``, and any error a candidate's build, fit or scoring throws.
    public func fit(_ x: Tensor, _ y: Tensor) throws(ClassicMLError) -> SearchResult<E> {
        try runSearch(candidates: candidates, build: build, x: x, y: y, folds: folds, scoring: scoring, refit: refit)
    }
}

/// The Cartesian product of `grid`, names in sorted order, the last varying fastest (scikit-learn's `ParameterGrid`).
func expandGrid(_ grid: [String: [ParameterValue]]) -> [Parameters] {
    var out: [Parameters] = [[:]]
    for name in grid.keys.sorted() {
        out = out.flatMap { partial in grid[name]!.map { value in partial.merging([name: value]) { $1 } } }
    }
    return out
}
