// Tensor entry points of conformal classification: probabilities as an [N, C] tensor (e.g. a softmax output).
import Tensors

extension SplitConformalClassifier {
    /// ``fit(probabilities:labels:)`` with an `[N, C]` probability tensor and `N` integer class codes.
    /// - Throws: ``EvaluationError/invalidArgument(_:)`` for a tensor that is not a matrix or labels that are not
    ///   a vector, then the checks of the array form.
    public func fit(probabilities: Tensor, labels: Tensor) throws(EvaluationError) -> FittedConformalClassifier {
        guard labels.rank == 1 else { throw .invalidArgument("conformal labels: expected a vector, found shape \(labels.shape)") }
        return try fit(probabilities: try probabilityRows(probabilities), labels: labels.integers)
    }
}

extension FittedConformalClassifier {
    /// ``predictionSets(_:alpha:seed:)`` for an `[N, C]` probability tensor.
    public func predictionSets(_ probabilities: Tensor, alpha: Double, seed: UInt64? = nil) throws(EvaluationError) -> PredictionSets {
        try predictionSets(try probabilityRows(probabilities), alpha: alpha, seed: seed)
    }
}

/// The rows of an `[N, C]` tensor as arrays.
private func probabilityRows(_ t: Tensor) throws(EvaluationError) -> [[Double]] {
    guard t.rank == 2 else { throw .invalidArgument("conformal probabilities: expected an [N, C] matrix, found shape \(t.shape)") }
    let flat = t.doubles, width = t.shape[1]
    return (0..<t.shape[0]).map { Array(flat[$0 * width ..< ($0 + 1) * width]) }
}
