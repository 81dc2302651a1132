// RMSprop and Adagrad (PyTorch's definitions).
import RealModule
import Tensors

/// `torch.optim.RMSprop`: `s ← αs + (1−α)g²`; centered subtracts the squared running mean of g;
/// `p ← p − lr·g/(√s + ε)`, or through a momentum buffer `b ← μb + g/(√s + ε)`.
public final class RMSprop: SlottedOptimizer {
    public var alpha: Double, epsilon: Double, weightDecay: Double, momentum: Double, centered: Bool

    public init(_ parameters: [Parameter], learningRate: Double = 1e-2, alpha: Double = 0.99, epsilon: Double = 1e-8,
                weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false) {
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
        super.init(parameters, learningRate: learningRate)
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    override func update<T: TensorFloat & TensorElement>(_: T.Type, index: Int, value: inout Tensor, gradient: Tensor) {
        let lr = T(learningRate), a = T(alpha), eps = T(epsilon), wd = T(weightDecay), mu = T(momentum)
        let square = slot("square_avg", index, like: value, as: T.self)
        let mean: UnsafeMutablePointer<T>? = centered ? slot("grad_avg", index, like: value, as: T.self) : nil
        let buffer: UnsafeMutablePointer<T>? = momentum > 0 ? slot("momentum_buffer", index, like: value, as: T.self) : nil
        withOperands(T.self, &value, gradient) { op in
            for i in 0..<op.count {
                var g = op.gradient[i]
                if wd != 0 { g += wd * op.value[i] }
                square[i] = square[i] * a + (1 - a) * g * g
                var average: T
                if let mean {
                    mean[i] += (g - mean[i]) * (1 - a)
                    average = (square[i] - mean[i] * mean[i]).squareRoot() + eps
                } else {
                    average = square[i].squareRoot() + eps
                }
                if let buffer {
                    buffer[i] = buffer[i] * mu + g / average
                    op.value[i] -= lr * buffer[i]
                } else {
                    op.value[i] -= lr * g / average
                }
            }
        }
    }
}

/// `torch.optim.Adagrad`: `Σ ← Σ + g²`, `p ← p − lr/(1 + (t−1)·decay) · g/(√Σ + ε)`.
public final class Adagrad: SlottedOptimizer {
    public var learningRateDecay: Double, weightDecay: Double, initialAccumulator: Double, epsilon: Double

    public init(_ parameters: [Parameter], learningRate: Double = 1e-2, learningRateDecay: Double = 0, weightDecay: Double = 0,
                initialAccumulator: Double = 0, epsilon: Double = 1e-10) {
        self.learningRateDecay = learningRateDecay
        self.weightDecay = weightDecay
        self.initialAccumulator = initialAccumulator
        self.epsilon = epsilon
        super.init(parameters, learningRate: learningRate)
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    override func update<T: TensorFloat & TensorElement>(_: T.Type, index: Int, value: inout Tensor, gradient: Tensor) {
        let clr = T(learningRate / (1 + Double(steps[index] - 1) * learningRateDecay))
        let wd = T(weightDecay), eps = T(epsilon)
        let sum = slot("sum", index, like: value, initial: initialAccumulator, as: T.self)
        withOperands(T.self, &value, gradient) { op in
            for i in 0..<op.count {
                var g = op.gradient[i]
                if wd != 0 { g += wd * op.value[i] }
                sum[i] += g * g
                op.value[i] -= clr * g / (sum[i].squareRoot() + eps)
            }
        }
    }
}
