// Adam and AdamW (PyTorch's definitions, including AMSGrad and bias correction).
import Kernels
import RealModule
import Tensors

/// `torch.optim.Adam` (L2 weight decay added to the gradient) and, with `decoupledWeightDecay`, `AdamW`
/// (`p ← p·(1 − lr·λ)` before the moment update, Loshchilov & Hutter 2019).
public class Adam: SlottedOptimizer {
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var amsgrad: Bool
    public let decoupledWeightDecay: Bool

    public init(_ parameters: [Parameter], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false, decoupledWeightDecay: Bool = false) {
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "Adam: betas must be in [0, 1)")
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        self.decoupledWeightDecay = decoupledWeightDecay
        super.init(parameters, learningRate: learningRate)
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    override func update<T: TensorFloat & TensorElement>(_: T.Type, index: Int, value: inout Tensor, gradient: Tensor) {
        let t = Double(steps[index])
        let lr = T(learningRate), wd = T(weightDecay), b1 = T(beta1), b2 = T(beta2), eps = T(epsilon)
        let stepSize = T(learningRate / (1 - Double.pow(beta1, t)))
        let bias2Root = T((1 - Double.pow(beta2, t)).squareRoot())
        let m = slot("exp_avg", index, like: value, as: T.self)
        let v = slot("exp_avg_sq", index, like: value, as: T.self)
        let vMax: UnsafeMutablePointer<T>? = amsgrad ? slot("max_exp_avg_sq", index, like: value, as: T.self) : nil
        // Branch-free loops (one per variant) so the compiler vectorises the square roots and divisions.
        let l2 = decoupledWeightDecay ? 0 : wd
        let shrink = decoupledWeightDecay ? 1 - lr * wd : 1
        withOperands(T.self, &value, gradient) { op in
            let p = op.value, grad = op.gradient
            if T.self == Float.self {
                // Float32: the vectorised kernel (same formula, same order of operations).
                func f(_ x: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> { UnsafeMutableRawPointer(x).assumingMemoryBound(to: Float.self) }
                OptimizerKernels.adamStep(
                    parameters: f(p), gradient: UnsafeRawPointer(grad).assumingMemoryBound(to: Float.self), firstMoment: f(m),
                    secondMoment: f(v), maxSecondMoment: vMax.map(f), count: op.count, l2: Float(l2), shrink: Float(shrink),
                    beta2: Float(b2), oneMinusBeta1: Float(1 - beta1), oneMinusBeta2: Float(1 - beta2),  // rounded from Double, as torch
                    stepSize: Float(stepSize), bias2Root: Float(bias2Root), epsilon: Float(eps))
                return
            }
            if shrink != 1 { for i in 0..<op.count { p[i] *= shrink } }
            if let vMax {
                for i in 0..<op.count {
                    let g = grad[i] + l2 * p[i]
                    m[i] += (g - m[i]) * (1 - b1)
                    v[i] = v[i] * b2 + (1 - b2) * g * g
                    vMax[i] = Swift.max(vMax[i], v[i])
                    p[i] -= stepSize * m[i] / (vMax[i].squareRoot() / bias2Root + eps)
                }
            } else {
                for i in 0..<op.count {
                    let g = grad[i] + l2 * p[i]
                    m[i] += (g - m[i]) * (1 - b1)
                    v[i] = v[i] * b2 + (1 - b2) * g * g
                    p[i] -= stepSize * m[i] / (v[i].squareRoot() / bias2Root + eps)
                }
            }
        }
    }
}

/// `torch.optim.AdamW`: Adam with decoupled weight decay (default λ = 0.01).
public final class AdamW: Adam {
    public init(_ parameters: [Parameter], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0.01, amsgrad: Bool = false) {
        super.init(parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                   weightDecay: weightDecay, amsgrad: amsgrad, decoupledWeightDecay: true)
    }
}
