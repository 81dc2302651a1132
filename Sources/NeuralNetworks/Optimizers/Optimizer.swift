// The optimizer protocol and the shared machinery: per-parameter state slots, typed update loops, state dicts.
import Tensors

/// Updates parameters from their gradients.
public protocol Optimizer: AnyObject {
    /// The parameters updated, in a fixed order (the order of state-dict entries).
    var parameters: [Parameter] { get }
    /// The learning rate used by the next step (schedules set it).
    var learningRate: Double { get set }
    /// One update from `gradients` (parameters without a gradient, or frozen, are left alone).
    func step(_ gradients: Gradients)
    /// Everything needed to resume: per-parameter slots as `state.<index>.<slot>` tensors and scalars.
    func stateDict() -> [String: Tensor]
    /// Restores a state saved by ``stateDict()`` from an optimizer of the same kind over the same parameters.
    func loadStateDict(_ state: [String: Tensor]) throws(NeuralNetworkError)
}

/// Base of the built-in optimizers: holds state slots per parameter and dispatches updates by dtype.
open class SlottedOptimizer: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Double
    /// Per parameter: named state tensors of the parameter's shape and dtype, and the step count.
    var slots: [[String: Tensor]]
    var steps: [Int]

    init(_ parameters: [Parameter], learningRate: Double) {
        precondition(learningRate >= 0, "optimizer: learning rate \(learningRate) is negative")
        self.parameters = parameters
        self.learningRate = learningRate
        slots = Array(repeating: [:], count: parameters.count)
        steps = Array(repeating: 0, count: parameters.count)
    }

    public func step(_ gradients: Gradients) {
        for (i, p) in parameters.enumerated() where !p.isFrozen {
            guard let g = gradients[p.value] else { continue }
            steps[i] += 1
            let grad = g.to(p.value.dtype)
            p.update { value in
                if value.dtype == .float64 {
                    update(Double.self, index: i, value: &value, gradient: grad)
                } else {
                    update(Float.self, index: i, value: &value, gradient: grad)
                }
            }
        }
    }

    /// The update rule: override with the typed loop. `value` is uniquely owned and contiguous.
    func update<T: TensorFloat & TensorElement>(_: T.Type, index: Int, value: inout Tensor, gradient: Tensor) {
        preconditionFailure("\(Self.self) must override update")
    }

    /// A pointer to slot `name` of parameter `index`, created filled with `initial` on first use.
    func slot<T: TensorFloat & TensorElement>(_ name: String, _ index: Int, like value: Tensor, initial: Double = 0,
                                              as _: T.Type) -> UnsafeMutablePointer<T> {
        if slots[index][name] == nil { slots[index][name] = Tensor.full(initial, shape: value.shape, dtype: value.dtype) }
        return slots[index][name]!.uniqueMutablePointer(as: T.self)
    }

    public func stateDict() -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for i in parameters.indices {
            out["state.\(i).step"] = Tensor.full(Double(steps[i]), shape: [], dtype: .int64)
            for (name, t) in slots[i] { out["state.\(i).\(name)"] = t }
        }
        return out
    }

    public func loadStateDict(_ state: [String: Tensor]) throws(NeuralNetworkError) {
        var newSlots = Array(repeating: [String: Tensor](), count: parameters.count)
        var newSteps = Array(repeating: 0, count: parameters.count)
        for (key, t) in state {
            let parts = key.split(separator: ".", maxSplits: 2).map(String.init)
            guard parts.count == 3, parts[0] == "state", let i = Int(parts[1]), parameters.indices.contains(i) else {
                throw .unexpectedKeys([key])
            }
            if parts[2] == "step" {
                newSteps[i] = Int(t.item)
            } else {
                guard t.shape == parameters[i].shape else {
                    throw .shapeMismatch(name: key, expected: parameters[i].shape, found: t.shape)
                }
                newSlots[i][parts[2]] = t.to(parameters[i].value.dtype).detached()
            }
        }
        slots = newSlots
        steps = newSteps
    }
}

/// Typed views of a parameter update's operands.
struct UpdateOperands<T: TensorElement> {
    let value: UnsafeMutablePointer<T>
    let gradient: UnsafePointer<T>
    let count: Int
}

extension SlottedOptimizer {
    /// Runs `body` with pointers to the value (mutable) and the gradient.
    func withOperands<T: TensorFloat & TensorElement>(_: T.Type, _ value: inout Tensor, _ gradient: Tensor,
                                                      _ body: (UpdateOperands<T>) -> Void) {
        let p = value.uniqueMutablePointer(as: T.self)
        gradient.withUnsafeBufferPointer(as: T.self) { g in
            guard let base = g.baseAddress, g.count > 0 else { return }
            body(UpdateOperands(value: p, gradient: base, count: g.count))
        }
    }
}
