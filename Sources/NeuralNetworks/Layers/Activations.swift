// Activation layers: thin wrappers over the differentiable Tensor functions.
import Tensors

public final class ReLU: Layer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.relu() }
}

public final class LeakyReLU: Layer {
    public let negativeSlope: Double
    public init(negativeSlope: Double = 0.01) { self.negativeSlope = negativeSlope }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.leakyRelu(slope: negativeSlope) }
}

/// GELU, exact (erf) by default or with the tanh approximation (`approximate: true`, PyTorch's "tanh").
public final class GELU: Layer {
    public let approximate: Bool
    public init(approximate: Bool = false) { self.approximate = approximate }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.gelu(approximate: approximate) }
}

public final class SiLU: Layer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.silu() }
}

public final class Sigmoid: Layer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.sigmoid() }
}

public final class Tanh: Layer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.tanh() }
}

public final class Softplus: Layer {
    public let beta: Double, threshold: Double
    public init(beta: Double = 1, threshold: Double = 20) {
        self.beta = beta
        self.threshold = threshold
    }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.softplus(beta: beta, threshold: threshold) }
}

/// ELU: `x` for x > 0, `α(eˣ − 1)` otherwise.
public final class ELU: Layer {
    public let alpha: Double
    public init(alpha: Double = 1) { self.alpha = alpha }
    public func callAsFunction(_ input: Tensor) -> Tensor {
        Tensor.where(input .> 0, input, input.clamped(max: 0).expm1() * alpha)
    }
}

public final class Softmax: Layer {
    public let axis: Int
    public init(axis: Int = -1) { self.axis = axis }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.softmax(axis: axis) }
}

public final class LogSoftmax: Layer {
    public let axis: Int
    public init(axis: Int = -1) { self.axis = axis }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.logSoftmax(axis: axis) }
}
