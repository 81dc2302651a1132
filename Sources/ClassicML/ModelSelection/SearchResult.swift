// What a hyperparameter search found, and the evaluation loop grid and randomized search share.
import Tensors

/// The outcome of ``GridSearch`` or ``RandomizedSearch``: every candidate's cross-validation, the best one
/// and, with refitting, the best configuration fitted on all the data.
public struct SearchResult<E: Estimator>: Sendable {
    /// The candidates' hyperparameters, in evaluation order.
    public let candidates: [Parameters]
    /// Each candidate's cross-validation (same order as ``candidates``).
    public let results: [CrossValidationResult]
    /// The index of the candidate with the highest mean score (the first on a tie, as scikit-learn's rank 1).
    public let bestIndex: Int
    /// The best candidate's configuration.
    public let bestEstimator: E
    /// The best configuration fitted on all rows (`nil` when the search was run with `refit: false`).
    public let bestModel: E.Fitted?

    /// The best candidate's hyperparameters.
    public var bestParameters: Parameters { candidates[bestIndex] }
    /// The best candidate's mean cross-validation score.
    public var bestScore: Double { results[bestIndex].mean }
}

/// Builds every candidate, cross-validates them all concurrently and refits the best.
func runSearch<E: Estimator>(
    candidates: [Parameters], build: (Parameters) throws(ClassicMLError) -> E, x: Tensor, y: Tensor,
    folds: FoldStrategy, scoring: Scorer<E.Fitted>, refit: Bool
) throws(ClassicMLError) -> SearchResult<E> {
    guard !candidates.isEmpty else { throw .invalidModelSelection("the search has no candidates (an empty list of values?)") }
    var estimators: [E] = []
    for parameters in candidates { estimators.append(try build(parameters)) }
    let runner = try FoldRunner(x: x, y: y, folds: folds)
    let results = try runner.scores(of: estimators, scorings: [scoring]).map { $0[0] }
    var best = 0
    for i in results.indices where results[i].mean > results[best].mean || (results[best].mean.isNaN && !results[i].mean.isNaN) {
        best = i
    }
    let model = refit ? try estimators[best].fit(x, y) : nil
    return SearchResult(candidates: candidates, results: results, bestIndex: best, bestEstimator: estimators[best], bestModel: model)
}
