// Reverse-mode differentiation: topological order over the recorded graph, then the chain rule.

/// Gradients of one backward pass, looked up by the tensor they belong to.
///
/// Leaves (tensors made with ``Tensor/requiringGradient()``) always get an entry. Gradients accumulate: a
/// leaf used several times gets the sum, and ``accumulate(_:)`` adds a later pass into this one, the way
/// PyTorch's `.grad` accumulates across `backward()` calls.
public struct Gradients: Sendable {
    var values: [ObjectIdentifier: (node: GradNode, grad: Tensor)] = [:]

    public init() {}

    /// The gradient for `tensor`, or nil if it did not take part (or does not require a gradient).
    ///
    /// Setting replaces (or, with nil, removes) the gradient of a tensor that requires one, for gradient
    /// clipping and other edits between ``Tensor/backward(_:)`` and an optimizer step.
    public subscript(_ tensor: Tensor) -> Tensor? {
        get {
            guard let node = tensor.node else { return nil }
            return values[ObjectIdentifier(node)]?.grad
        }
        set {
            guard let node = tensor.node else {
                preconditionFailure("Gradients: cannot set the gradient of a tensor that does not require one")
            }
            if let newValue {
                precondition(newValue.shape == tensor.shape,
                             "Gradients: gradient shape \(newValue.shape) does not match tensor shape \(tensor.shape)")
                values[ObjectIdentifier(node)] = (node, newValue.detached())
            } else {
                values[ObjectIdentifier(node)] = nil
            }
        }
    }

    /// How many leaves have a gradient.
    public var count: Int { values.count }

    /// Adds every gradient of `other` into this one.
    public mutating func accumulate(_ other: Gradients) {
        for (key, entry) in other.values {
            if let existing = values[key] {
                values[key] = (entry.node, withoutGradients { existing.grad + entry.grad })
            } else {
                values[key] = entry
            }
        }
    }
}

/// Errors found while differentiating.
public enum AutodiffError: Error, Equatable, CustomStringConvertible {
    /// Backward was called on a tensor that is not part of a graph.
    case notDifferentiable(shape: [Int])
    /// Backward of a non-scalar output needs an explicit upstream gradient of the output's shape.
    case seedShapeMismatch(expected: [Int], found: [Int])
    /// Anomaly detection found a NaN or infinite gradient produced by the backward of `op`.
    case nonFiniteGradient(op: String, creationSite: String, input: Int)

    public var description: String {
        switch self {
        case .notDifferentiable(let shape):
            "backward: tensor of shape \(shape) does not require a gradient (mark a leaf with requiringGradient())"
        case .seedShapeMismatch(let expected, let found):
            "backward: upstream gradient shape \(found) does not match output shape \(expected)"
        case .nonFiniteGradient(let op, let site, let input):
            "backward: the gradient of '\(op)' (created at \(site)) for its input \(input) contains NaN or infinity"
        }
    }
}

extension Tensor {
    /// Differentiates this tensor with respect to every leaf it depends on.
    ///
    /// - Parameter seed: the upstream gradient, of this tensor's shape. Omit it for a scalar (it defaults to 1).
    /// - Returns: the gradient of every leaf, by tensor. Recording is off while the pullbacks run.
    public func backward(_ seed: Tensor? = nil) -> Gradients {
        do {
            return try differentiate(seed: seed, checkAnomalies: false)
        } catch {
            preconditionFailure("\(error)")
        }
    }

    /// ``backward(_:)`` that checks every intermediate gradient and throws instead of returning NaN or infinity.
    /// Nodes name the site that created them when the forward pass ran under ``withAnomalyDetection(_:)``.
    public func backwardCheckingAnomalies(_ seed: Tensor? = nil) throws -> Gradients {
        try differentiate(seed: seed, checkAnomalies: true)
    }

    private func differentiate(seed: Tensor?, checkAnomalies: Bool) throws -> Gradients {
        guard let root = node else { throw AutodiffError.notDifferentiable(shape: shape) }
        let seedGrad: Tensor
        if let seed {
            guard seed.shape == shape else { throw AutodiffError.seedShapeMismatch(expected: shape, found: seed.shape) }
            seedGrad = seed.detached().to(dtype)
        } else {
            precondition(count == 1, "backward: output of shape \(shape) is not a scalar; pass an upstream gradient")
            seedGrad = Tensor.full(1, shape: shape, dtype: dtype)
        }
        // Topological order by iterative depth-first search (graphs can be thousands of nodes deep).
        var order: [GradNode] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(GradNode, Int)] = [(root, 0)]
        visited.insert(ObjectIdentifier(root))
        while let (n, next) = stack.popLast() {
            if next < n.inputs.count {
                stack.append((n, next + 1))
                if let child = n.inputs[next].node, visited.insert(ObjectIdentifier(child)).inserted {
                    stack.append((child, 0))
                }
            } else {
                order.append(n)
            }
        }
        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seedGrad]
        var result = Gradients()
        try withoutGradients {
            for n in order.reversed() {
                guard let grad = pending.removeValue(forKey: ObjectIdentifier(n)) else { continue }
                guard let pullback = n.pullback else {
                    result.values[ObjectIdentifier(n)] = (n, grad)
                    continue
                }
                let inputGrads = pullback(grad)
                for (i, input) in n.inputs.enumerated() {
                    guard let child = input.node, let g = inputGrads[i] else { continue }
                    precondition(
                        g.shape == input.shape,
                        "backward of \(n.op): gradient shape \(g.shape) does not match input \(i) shape \(input.shape)")
                    if checkAnomalies && !g.allFinite() {
                        throw AutodiffError.nonFiniteGradient(
                            op: n.op.rawValue, creationSite: n.creationSite ?? "unknown (run the forward pass under withAnomalyDetection)",
                            input: i)
                    }
                    let key = ObjectIdentifier(child)
                    if let existing = pending[key] {
                        pending[key] = existing + g
                    } else {
                        pending[key] = g
                    }
                }
            }
        }
        return result
    }
}
