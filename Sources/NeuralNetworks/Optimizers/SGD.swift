// Stochastic gradient descent with momentum, Nesterov momentum, dampening and L2 weight decay (PyTorch's SGD).
import Tensors

/// `torch.optim.SGD`: `g ← ∇ + λp`; with momentum `b ← μb + (1−τ)g` (b = g on the first step), then
/// `g ← g + μb` (Nesterov) or `g ← b`; finally `p ← p − lr·g`.
public final class SGD: SlottedOptimizer {
    public var momentum: Double
    public var dampening: Double
    public var nesterov: Bool
    public var weightDecay: Double

    public init(_ parameters: [Parameter], learningRate: Double = 1e-3, momentum: Double = 0, dampening: Double = 0,
                nesterov: Bool = false, weightDecay: Double = 0) {
        precondition(!nesterov || (momentum > 0 && dampening == 0), "SGD: Nesterov momentum needs momentum > 0 and no dampening")
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        super.init(parameters, learningRate: learningRate)
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    override func update<T: TensorFloat & TensorElement>(_: T.Type, index: Int, value: inout Tensor, gradient: Tensor) {
        let lr = T(learningRate), wd = T(weightDecay), mu = T(momentum), damp = T(dampening)
        let first = slots[index]["momentum_buffer"] == nil
        let buffer: UnsafeMutablePointer<T>? = momentum != 0 ? slot("momentum_buffer", index, like: value, as: T.self) : nil
        let nesterov = self.nesterov
        withOperands(T.self, &value, gradient) { op in
            for i in 0..<op.count {
                var g = op.gradient[i]
                if wd != 0 { g += wd * op.value[i] }
                if let buffer {
                    buffer[i] = first ? g : mu * buffer[i] + (1 - damp) * g
                    g = nesterov ? g + mu * buffer[i] : buffer[i]
                }
                op.value[i] -= lr * g
            }
        }
    }
}
