// Loss functions with PyTorch's definitions and reductions, built from differentiable Tensor ops.
import Tensors

/// How per-element losses are combined.
public enum Reduction: String, Sendable, Codable {
    case mean, sum, none
}

/// Loss functions (PyTorch's `torch.nn.functional` definitions).
public enum Losses {
    /// Cross-entropy of `logits` `[N, C]` against class indices `targets` `[N]` (integer tensor).
    ///
    /// - `weights` `[C]` rescale each class; the mean divides by the summed weight of the counted targets.
    /// - `labelSmoothing` ε mixes the one-hot target with the uniform distribution: `(1−ε)·nll + ε/C·Σ_c −w_c log p_c`.
    /// - Targets equal to `ignoreIndex` contribute nothing and do not count in the mean.
    public static func crossEntropy(_ logits: Tensor, _ targets: Tensor, weights: Tensor? = nil, labelSmoothing: Double = 0,
                                    ignoreIndex: Int? = -100, reduction: Reduction = .mean) -> Tensor {
        precondition(logits.rank == 2, "crossEntropy: logits must be [N, C], got \(logits.shape)")
        precondition(labelSmoothing >= 0 && labelSmoothing <= 1, "crossEntropy: label smoothing \(labelSmoothing) outside [0, 1]")
        return negativeLogLikelihoodCore(logits.logSoftmax(axis: 1), targets, weights: weights, labelSmoothing: labelSmoothing,
                                         ignoreIndex: ignoreIndex, reduction: reduction)
    }

    /// Cross-entropy against class probabilities `targets` `[N, C]` (soft labels), with optional label smoothing.
    public static func crossEntropy(_ logits: Tensor, probabilities targets: Tensor, weights: Tensor? = nil,
                                    labelSmoothing: Double = 0, reduction: Reduction = .mean) -> Tensor {
        precondition(logits.rank == 2 && targets.shape == logits.shape,
                     "crossEntropy: logits \(logits.shape) and probability targets \(targets.shape) must both be [N, C]")
        let c = Double(logits.shape[1])
        let t = labelSmoothing > 0 ? targets * (1 - labelSmoothing) + labelSmoothing / c : targets
        var perClass = logits.logSoftmax(axis: 1) * t
        if let weights { perClass = perClass * weights.reshaped([1, logits.shape[1]]) }
        let perSample = -perClass.sum(axes: [1])
        return reduce(perSample, reduction)
    }

    /// Negative log-likelihood of log-probabilities `logProbabilities` `[N, C]` at class indices `targets` `[N]`.
    public static func nll(_ logProbabilities: Tensor, _ targets: Tensor, weights: Tensor? = nil, ignoreIndex: Int? = -100,
                           reduction: Reduction = .mean) -> Tensor {
        precondition(logProbabilities.rank == 2, "nll: input must be [N, C], got \(logProbabilities.shape)")
        return negativeLogLikelihoodCore(logProbabilities, targets, weights: weights, labelSmoothing: 0,
                                         ignoreIndex: ignoreIndex, reduction: reduction)
    }

    private static func negativeLogLikelihoodCore(_ logp: Tensor, _ targets: Tensor, weights: Tensor?, labelSmoothing: Double,
                                                  ignoreIndex: Int?, reduction: Reduction) -> Tensor {
        let (n, c) = (logp.shape[0], logp.shape[1])
        precondition(targets.shape == [n] && targets.dtype.isInteger && targets.dtype != .bool,
                     "cross-entropy/nll: targets must be an integer tensor of shape [\(n)], got \(targets.dtype) \(targets.shape)")
        if let weights { precondition(weights.shape == [c], "cross-entropy/nll: weights shape \(weights.shape), expected [\(c)]") }
        // Per-sample weight: the class weight of the target, 0 where ignored; ignored targets gather class 0.
        let raw = targets.integers
        var safe = [Int64](repeating: 0, count: n)
        var sampleWeight = [Double](repeating: 1, count: n)
        let classWeights = weights?.doubles
        for i in 0..<n {
            let t = raw[i]
            if let ignoreIndex, t == ignoreIndex { sampleWeight[i] = 0; continue }
            precondition(t >= 0 && t < c, "cross-entropy/nll: target \(t) at row \(i) is outside 0..<\(c)")
            safe[i] = Int64(t)
            sampleWeight[i] = classWeights?[t] ?? 1
        }
        let w = Tensor(sampleWeight, shape: [n]).to(logp.dtype)
        let picked = logp.gather(axis: 1, index: Tensor(safe, shape: [n, 1])).reshaped([n])
        var perSample = -(picked * w)
        let denominator = sampleWeight.reduce(0, +)
        if labelSmoothing > 0 {
            // The smoothing term uses every class's weight, masked where the target is ignored.
            var all = logp
            if let weights { all = all * weights.to(logp.dtype).reshaped([1, c]) }
            let keep = Tensor(sampleWeight.map { $0 == 0 ? 0.0 : 1.0 }, shape: [n]).to(logp.dtype)
            let smooth = -all.sum(axes: [1]) * keep
            perSample = perSample * (1 - labelSmoothing) + smooth * (labelSmoothing / Double(c))
        }
        switch reduction {
        case .none: return perSample
        case .sum: return perSample.sum()
        case .mean: return perSample.sum() / denominator
        }
    }

    /// Binary cross-entropy of probabilities in [0, 1] (log clamped at −100 as PyTorch does).
    public static func binaryCrossEntropy(_ probabilities: Tensor, _ targets: Tensor, weights: Tensor? = nil,
                                          reduction: Reduction = .mean) -> Tensor {
        precondition(probabilities.shape == targets.shape, "binaryCrossEntropy: shapes \(probabilities.shape) and \(targets.shape) differ")
        let logP = probabilities.log().clamped(min: -100)
        let logQ = (1 - probabilities).log().clamped(min: -100)
        var loss = -(targets * logP + (1 - targets) * logQ)
        if let weights { loss = loss * weights }
        return reduce(loss, reduction)
    }

    /// Binary cross-entropy on logits, computed stably: `(1 − t)·x + (1 + (pw − 1)·t)·log(1 + e^(−x))`.
    public static func binaryCrossEntropyWithLogits(_ logits: Tensor, _ targets: Tensor, weights: Tensor? = nil,
                                                    positiveWeight: Tensor? = nil, reduction: Reduction = .mean) -> Tensor {
        precondition(logits.shape == targets.shape, "binaryCrossEntropyWithLogits: shapes \(logits.shape) and \(targets.shape) differ")
        // log(1 + e^(−x)) = softplus(−x), stable for large |x|.
        let logOnePlusExpNeg = (-logits).softplus(beta: 1, threshold: 20)
        var loss: Tensor
        if let positiveWeight {
            let logWeight = (positiveWeight - 1) * targets + 1
            loss = (1 - targets) * logits + logWeight * logOnePlusExpNeg
        } else {
            loss = (1 - targets) * logits + logOnePlusExpNeg
        }
        if let weights { loss = loss * weights }
        return reduce(loss, reduction)
    }

    /// Mean squared error.
    public static func mse(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
        let d = prediction - target
        return reduce(d * d, reduction)
    }

    /// Mean absolute error.
    public static func l1(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
        reduce((prediction - target).abs(), reduction)
    }

    /// Huber loss: `½d²` for `|d| < δ`, else `δ(|d| − ½δ)`.
    public static func huber(_ prediction: Tensor, _ target: Tensor, delta: Double = 1, reduction: Reduction = .mean) -> Tensor {
        precondition(delta > 0, "huber: delta must be positive")
        let a = (prediction - target).abs()
        let quadratic = a.clamped(max: delta)
        // ½q² + δ(|d| − q) equals both branches.
        return reduce(quadratic * quadratic * 0.5 + (a - quadratic) * delta, reduction)
    }

    /// Smooth L1 loss: `½d²/β` for `|d| < β`, else `|d| − ½β` (Huber divided by β; L1 when β = 0).
    public static func smoothL1(_ prediction: Tensor, _ target: Tensor, beta: Double = 1, reduction: Reduction = .mean) -> Tensor {
        precondition(beta >= 0, "smoothL1: beta must be non-negative")
        if beta == 0 { return l1(prediction, target, reduction: reduction) }
        return huber(prediction, target, delta: beta, reduction: reduction) / beta
    }

    /// KL divergence `Σ t·(log t − input)` with `input` log-probabilities (PyTorch's `kl_div`). With
    /// `logTarget`, `target` holds log-probabilities too. `.batchMean` divides the sum by the batch size (the
    /// mathematically correct KL per sample); `.mean` divides by the element count, as PyTorch's "mean".
    public static func klDivergence(_ input: Tensor, _ target: Tensor, logTarget: Bool = false,
                                    reduction: KLReduction = .batchMean) -> Tensor {
        precondition(input.shape == target.shape, "klDivergence: shapes \(input.shape) and \(target.shape) differ")
        let pointwise: Tensor
        if logTarget {
            pointwise = target.exp() * (target - input)
        } else {
            // 0 · log 0 = 0: where the target is 0 the term is 0 (and so is its gradient).
            let positive = target .> 0
            let safeLog = Tensor.where(positive, target, Tensor.ones(like: target)).log()
            pointwise = Tensor.where(positive, target * (safeLog - input), Tensor.zeros(like: input) * input)
        }
        switch reduction {
        case .none: return pointwise
        case .sum: return pointwise.sum()
        case .mean: return pointwise.mean()
        case .batchMean: return pointwise.sum() / Double(Swift.max(input.shape.first ?? 1, 1))
        }
    }

    /// Reductions for ``klDivergence(_:_:logTarget:reduction:)``.
    public enum KLReduction: Sendable { case mean, sum, none, batchMean }

    static func reduce(_ loss: Tensor, _ reduction: Reduction) -> Tensor {
        switch reduction {
        case .none: loss
        case .sum: loss.sum()
        case .mean: loss.mean()
        }
    }
}
