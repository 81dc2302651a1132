// Normalisation layers: batch norm (with running statistics), layer norm and RMS norm.
import Tensors

/// Batch normalisation over the channel axis 1 of `[N, C]`, `[N, C, L]` (BatchNorm1d) or `[N, C, H, W]`
/// (BatchNorm2d). Training mode normalises with the batch's biased variance and updates the running mean and
/// the running unbiased variance with `momentum`; evaluation mode uses the running statistics.
public final class BatchNorm: Layer, TrainingModeDependent {
    public let weight: Parameter?
    public let bias: Parameter?
    public let runningMean: Buffer?
    public let runningVar: Buffer?
    public let numBatchesTracked: Buffer?
    public let features: Int
    public let epsilon: Double
    /// Weight of the new batch in the running statistics; nil uses the cumulative average (PyTorch's `momentum=None`).
    public let momentum: Double?
    public let expectedRanks: Set<Int>
    public var isTraining = true

    init(features: Int, epsilon: Double, momentum: Double?, affine: Bool, trackRunningStats: Bool, ranks: Set<Int>, dtype: DType) {
        precondition(features > 0, "BatchNorm: features must be positive")
        self.features = features
        self.epsilon = epsilon
        self.momentum = momentum
        expectedRanks = ranks
        weight = affine ? Parameter(Tensor.ones([features], dtype: dtype)) : nil
        bias = affine ? Parameter(Tensor.zeros([features], dtype: dtype)) : nil
        runningMean = trackRunningStats ? Buffer(Tensor.zeros([features], dtype: dtype)) : nil
        runningVar = trackRunningStats ? Buffer(Tensor.ones([features], dtype: dtype)) : nil
        numBatchesTracked = trackRunningStats ? Buffer(Tensor.zeros([], dtype: .int64)) : nil
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(expectedRanks.contains(input.rank) && input.shape[1] == features,
                     "BatchNorm: input \(input.shape) must have rank \(expectedRanks.sorted()) with \(features) channels on axis 1")
        let axes = [0] + Array(2..<input.rank)
        var broadcast = [Int](repeating: 1, count: input.rank)
        broadcast[1] = features
        let normalized: Tensor
        if isTraining || runningMean == nil {
            // PyTorch raises here: one value per channel has no batch variance (and the running variance's
            // n/(n−1) correction would divide by zero), so the output would silently be all zeros.
            let perChannel = input.count / features
            precondition(perChannel > 1,
                         "BatchNorm: expected more than 1 value per channel when using batch statistics, got input \(input.shape)")
            let mean = input.mean(axes: axes, keepDims: true)
            let centered = input - mean
            let variance = (centered * centered).mean(axes: axes, keepDims: true)
            normalized = centered * (variance + epsilon).rsqrt()
            if isTraining, let runningMean, let runningVar, let numBatchesTracked {
                updateRunningStatistics(mean: mean.detached(), biasedVariance: variance.detached(),
                                        n: input.count / features, runningMean, runningVar, numBatchesTracked)
            }
        } else {
            let mean = runningMean!.value.reshaped(broadcast)
            let variance = runningVar!.value.reshaped(broadcast)
            normalized = (input - mean) * (variance + epsilon).rsqrt()
        }
        guard let weight, let bias else { return normalized }
        return normalized * weight.value.reshaped(broadcast) + bias.value.reshaped(broadcast)
    }

    private func updateRunningStatistics(mean: Tensor, biasedVariance: Tensor, n: Int,
                                         _ runningMean: Buffer, _ runningVar: Buffer, _ tracked: Buffer) {
        withoutGradients {
            let count = tracked.value.item + 1
            tracked.value = Tensor.full(count, shape: [], dtype: .int64)
            let factor = momentum ?? (1 / count)
            let unbiased = biasedVariance.reshaped([features]) * (Double(n) / Double(Swift.max(n - 1, 1)))
            runningMean.value = runningMean.value * (1 - factor) + mean.reshaped([features]) * factor
            runningVar.value = runningVar.value * (1 - factor) + unbiased * factor
        }
    }
}

/// `nn.BatchNorm1d` over `[N, C]` or `[N, C, L]`.
public func BatchNorm1d(_ features: Int, epsilon: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true,
                        trackRunningStats: Bool = true, dtype: DType = .float32) -> BatchNorm {
    BatchNorm(features: features, epsilon: epsilon, momentum: momentum, affine: affine,
              trackRunningStats: trackRunningStats, ranks: [2, 3], dtype: dtype)
}

/// `nn.BatchNorm2d` over `[N, C, H, W]`.
public func BatchNorm2d(_ features: Int, epsilon: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true,
                        trackRunningStats: Bool = true, dtype: DType = .float32) -> BatchNorm {
    BatchNorm(features: features, epsilon: epsilon, momentum: momentum, affine: affine,
              trackRunningStats: trackRunningStats, ranks: [4], dtype: dtype)
}

/// Layer normalisation over the trailing `normalizedShape` dimensions (`nn.LayerNorm`), biased variance.
public final class LayerNorm: Layer {
    public let weight: Parameter?
    public let bias: Parameter?
    public let normalizedShape: [Int]
    public let epsilon: Double

    public init(_ normalizedShape: [Int], epsilon: Double = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true,
                dtype: DType = .float32) {
        precondition(!normalizedShape.isEmpty && normalizedShape.allSatisfy { $0 > 0 }, "LayerNorm: bad shape \(normalizedShape)")
        self.normalizedShape = normalizedShape
        self.epsilon = epsilon
        weight = elementwiseAffine ? Parameter(Tensor.ones(normalizedShape, dtype: dtype)) : nil
        self.bias = elementwiseAffine && bias ? Parameter(Tensor.zeros(normalizedShape, dtype: dtype)) : nil
    }

    public convenience init(_ features: Int, epsilon: Double = 1e-5, dtype: DType = .float32) {
        self.init([features], epsilon: epsilon, dtype: dtype)
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        let k = normalizedShape.count
        precondition(input.rank >= k && Array(input.shape.suffix(k)) == normalizedShape,
                     "LayerNorm: input \(input.shape) does not end in \(normalizedShape)")
        return Tensor.layerNorm(input, normalizedCount: normalizedShape.reduce(1, *), weight: weight?.value, bias: bias?.value,
                                epsilon: epsilon)
    }
}

/// RMS normalisation (`nn.RMSNorm`, Zhang & Sennrich 2019): `x / √(mean(x²) + ε) · weight` over the trailing
/// dimensions. With `epsilon` nil, ε is the machine epsilon of the input's dtype, as PyTorch does.
public final class RMSNorm: Layer {
    public let weight: Parameter?
    public let normalizedShape: [Int]
    public let epsilon: Double?

    public init(_ normalizedShape: [Int], epsilon: Double? = nil, elementwiseAffine: Bool = true, dtype: DType = .float32) {
        precondition(!normalizedShape.isEmpty && normalizedShape.allSatisfy { $0 > 0 }, "RMSNorm: bad shape \(normalizedShape)")
        self.normalizedShape = normalizedShape
        self.epsilon = epsilon
        weight = elementwiseAffine ? Parameter(Tensor.ones(normalizedShape, dtype: dtype)) : nil
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        let k = normalizedShape.count
        precondition(input.rank >= k && Array(input.shape.suffix(k)) == normalizedShape,
                     "RMSNorm: input \(input.shape) does not end in \(normalizedShape)")
        let axes = Array((input.rank - k)..<input.rank)
        let eps = epsilon ?? (input.dtype == .float64 ? Double.ulpOfOne : Double(Float.ulpOfOne))
        var y = input * ((input * input).mean(axes: axes, keepDims: true) + eps).rsqrt()
        if let weight { y = y * weight.value }
        return y
    }
}
