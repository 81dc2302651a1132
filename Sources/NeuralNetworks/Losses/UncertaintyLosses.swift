// Losses for regression that predicts its own uncertainty: the Gaussian negative log-likelihood of a mean and
// a variance (heteroscedastic regression) and the pinball loss of several quantiles at once.
import Foundation
import Tensors

extension Losses {
    /// Gaussian negative log-likelihood `½(log max(σ², ε) + (μ − y)² / max(σ², ε))`, plus `½ log 2π` with
    /// `full` (PyTorch's `gaussian_nll_loss`).
    ///
    /// `variance` has the shape of `mean` (heteroscedastic), or that shape without the last axis, or the same
    /// rank with exactly one axis of size 1 (shared across that axis), as PyTorch accepts. As PyTorch does, the
    /// clamp at `epsilon` changes the value only: the gradient flows to the variance as if unclamped.
    /// Variances must be non-negative.
    public static func gaussianNLL(_ mean: Tensor, _ target: Tensor, variance: Tensor, full: Bool = false,
                                   epsilon: Double = 1e-6, reduction: Reduction = .mean) -> Tensor {
        precondition(mean.shape == target.shape, "gaussianNLL: mean \(mean.shape) and target \(target.shape) differ")
        precondition(epsilon >= 0, "gaussianNLL: epsilon \(epsilon) is negative")
        let v = broadcastableVariance(variance, like: mean)
        precondition(!v.doubles.contains { $0 < 0 }, "gaussianNLL: a variance is negative (make it positive, e.g. with softplus or exp)")
        // Straight-through clamp: the value of max(σ², ε), the gradient of σ² (PyTorch clamps under no_grad).
        let clamped = v.clamped(min: epsilon).detached() + (v - v.detached())
        let d = mean - target
        var loss = (clamped.log() + d * d / clamped) * 0.5
        if full { loss = loss + 0.5 * Foundation.log(2 * Double.pi) }
        return reduce(loss, reduction)
    }

    /// Gaussian negative log-likelihood parameterised by the log-variance `s = log σ²` (Kendall & Gal 2017):
    /// `½(s + (μ − y)² e^(−s))`, plus `½ log 2π` with `full`. No clamp is needed, so a network can output `s`
    /// unconstrained; this equals ``gaussianNLL(_:_:variance:full:epsilon:reduction:)`` at `σ² = eˢ ≥ ε`.
    public static func gaussianNLL(_ mean: Tensor, _ target: Tensor, logVariance: Tensor, full: Bool = false,
                                   reduction: Reduction = .mean) -> Tensor {
        precondition(mean.shape == target.shape, "gaussianNLL: mean \(mean.shape) and target \(target.shape) differ")
        let s = broadcastableVariance(logVariance, like: mean)
        let d = mean - target
        var loss = (s + d * d * (-s).exp()) * 0.5
        if full { loss = loss + 0.5 * Foundation.log(2 * Double.pi) }
        return reduce(loss, reduction)
    }

    /// Pinball (quantile) loss of predictions `[N, Q]` for the quantile levels `quantiles` (`Q` of them, each in
    /// (0, 1)) against targets `[N]` or `[N, 1]`: with `r = y − ŷ_q`, `ρ_τ(r) = max(τ·r, (τ − 1)·r)` (Koenker &
    /// Bassett 1978). Minimising it makes column `q` estimate the `τ_q`-quantile of `y` given the input, as
    /// conformalized quantile regression needs (Romano et al. 2019). `.mean` averages over all `N·Q` elements;
    /// `.none` returns `[N, Q]`.
    public static func quantile(_ prediction: Tensor, _ target: Tensor, quantiles: [Double],
                                reduction: Reduction = .mean) -> Tensor {
        precondition(prediction.rank == 2 && prediction.shape[1] == quantiles.count,
                     "quantile: predictions must be [N, \(quantiles.count)] for \(quantiles.count) quantile level(s), got \(prediction.shape)")
        let n = prediction.shape[0]
        precondition(target.shape == [n] || target.shape == [n, 1],
                     "quantile: targets must be [\(n)] or [\(n), 1], got \(target.shape)")
        precondition(quantiles.allSatisfy { $0 > 0 && $0 < 1 }, "quantile: levels \(quantiles) must lie strictly between 0 and 1")
        let tau = Tensor(quantiles, shape: [1, quantiles.count]).to(prediction.dtype)
        let r = target.reshaped([n, 1]).to(prediction.dtype) - prediction
        return reduce(Tensor.maximum(tau * r, (tau - 1) * r), reduction)
    }

    /// `variance` reshaped to broadcast against `mean` under PyTorch's rules for `gaussian_nll_loss`.
    private static func broadcastableVariance(_ variance: Tensor, like mean: Tensor) -> Tensor {
        if variance.shape == mean.shape { return variance }
        if mean.rank >= 1 && Array(mean.shape.dropLast()) == variance.shape { return variance.reshaped(variance.shape + [1]) }
        let mismatched = zip(mean.shape, variance.shape).filter { $0 != $1 }
        precondition(variance.rank == mean.rank && mismatched.count == 1 && mismatched[0].1 == 1,
                     "gaussianNLL: variance \(variance.shape) does not fit mean \(mean.shape) (same shape, one axis fewer, or one axis of size 1)")
        return variance
    }
}
