// A regression output layer read as a Gaussian: column 0 the mean, column 1 the log-variance.
import Foundation
import Tensors

/// The convention for networks that predict a Gaussian `N(μ, σ²)` per input (heteroscedastic regression): a
/// `[N, 2]` output whose column 0 is `μ` and column 1 is `s = log σ²` (Kendall & Gal 2017). Predicting the
/// log-variance keeps `σ² = eˢ` positive without a constraint on the last layer. Build the model with a final
/// `Linear(hidden, 2)`, train it with ``negativeLogLikelihood(_:_:full:reduction:)`` as the Trainer's loss,
/// and read predictions with ``moments(_:)``, or a ``PredictionStack`` of several for ensembles and MC dropout.
public enum GaussianHead {
    /// The mean `[N]` and log-variance `[N]` of a `[N, 2]` output (differentiable views).
    public static func split(_ output: Tensor) -> (mean: Tensor, logVariance: Tensor) {
        precondition(output.rank == 2 && output.shape[1] == 2,
                     "GaussianHead: outputs must be [N, 2] (mean, log-variance), got \(output.shape)")
        let n = output.shape[0]
        return (output.narrowed(axis: 1, start: 0, length: 1).reshaped([n]),
                output.narrowed(axis: 1, start: 1, length: 1).reshaped([n]))
    }

    /// Gaussian negative log-likelihood of targets `[N]` or `[N, 1]` under `[N, 2]` outputs, for use as the
    /// Trainer's loss: `{ GaussianHead.negativeLogLikelihood($0, $1) }`.
    public static func negativeLogLikelihood(_ output: Tensor, _ target: Tensor, full: Bool = false,
                                             reduction: Reduction = .mean) -> Tensor {
        let (mean, logVariance) = split(output)
        precondition(target.count == mean.count, "GaussianHead: \(target.shape) targets for \(output.shape) outputs")
        return Losses.gaussianNLL(mean, target.reshaped([mean.count]).to(mean.dtype), logVariance: logVariance, full: full,
                                  reduction: reduction)
    }

    /// Means and variances `eˢ` of a `[N, 2]` output, in Float64.
    /// - Throws: ``NeuralNetworkError/invalidInput(_:)`` when the output is not `[N, 2]`.
    public static func moments(_ output: Tensor) throws(NeuralNetworkError) -> (mean: [Double], variance: [Double]) {
        guard output.rank == 2 && output.shape[1] == 2 else {
            throw .invalidInput("a Gaussian head's outputs must be [N, 2] (mean, log-variance), got \(output.shape)")
        }
        let flat = withoutGradients { output.to(.float64).doubles }
        let n = output.shape[0]
        return ((0..<n).map { flat[2 * $0] }, (0..<n).map { Foundation.exp(flat[2 * $0 + 1]) })
    }
}
