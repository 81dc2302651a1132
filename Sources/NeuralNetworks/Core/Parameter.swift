// Trainable parameters and non-trained state (buffers) held by modules.
import Tensors

/// A trainable tensor owned by a module.
///
/// The value is kept as an autodiff leaf, so after `loss.backward()` its gradient is `gradients[parameter.value]`.
/// Assigning a new value (an optimizer step, loading a checkpoint) makes a fresh leaf. A frozen parameter is kept
/// detached: no gradient flows to it and optimizers skip it.
public final class Parameter {
    /// The name used in state dicts when it differs from the property name (e.g. PyTorch's `weight_ih_l0`).
    public let customName: String?
    private var stored: Tensor

    /// Whether the parameter is excluded from training (like `requires_grad = False`).
    public var isFrozen: Bool {
        didSet { stored = Parameter.leaf(stored, frozen: isFrozen) }
    }

    public init(_ value: Tensor, name: String? = nil, frozen: Bool = false) {
        precondition(value.dtype.isComputeFloat, "Parameter: dtype \(value.dtype) cannot be trained (use float32/float64)")
        customName = name
        isFrozen = frozen
        stored = Parameter.leaf(value, frozen: frozen)
    }

    /// The current value: an autodiff leaf unless frozen.
    public var value: Tensor {
        get { stored }
        set {
            precondition(newValue.shape == stored.shape,
                         "Parameter \(customName ?? ""): new value shape \(newValue.shape) differs from \(stored.shape)")
            stored = Parameter.leaf(newValue, frozen: isFrozen)
        }
    }

    /// Rewrites the value in place (no copy when nothing else holds the storage), then makes a fresh leaf.
    /// Optimizers use this so a step does not allocate a new tensor per parameter.
    public func update(_ body: (inout Tensor) -> Void) {
        var t = stored.detached()
        stored = Parameter.placeholder
        body(&t)
        stored = Parameter.leaf(t, frozen: isFrozen)
    }

    private static let placeholder = Tensor.zeros([0])

    private static func leaf(_ t: Tensor, frozen: Bool) -> Tensor {
        frozen ? t.detached() : t.detached().requiringGradient()
    }

    public var shape: [Int] { stored.shape }
    public var count: Int { stored.count }
}

/// Module state that is saved and loaded but not trained (BatchNorm's running statistics).
public final class Buffer {
    /// The name used in state dicts when it differs from the property name (e.g. `running_mean`).
    public let customName: String?
    public var value: Tensor

    public init(_ value: Tensor, name: String? = nil) {
        customName = name
        self.value = value.detached()
    }
}
