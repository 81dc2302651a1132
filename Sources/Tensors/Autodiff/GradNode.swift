// A node of the autodiff graph: the op that made a tensor, its inputs, and its pullback.
//
// Nodes are immutable once made, so graphs can be read from any thread. The graph lives as long as the
// tensors that reference it: when a training step's loss goes out of scope, every intermediate buffer goes
// with it, so memory stays flat across steps.

/// Maps the gradient of an op's output to the gradients of its inputs (nil where an input needs none).
public typealias Pullback = @Sendable (Tensor) -> [Tensor?]

/// One recorded operation (or a leaf that requires a gradient).
public final class GradNode: Sendable {
    /// The op that produced the tensor; `.leaf` for tensors marked with ``Tensor/requiringGradient()``.
    public let op: OpKind
    /// The inputs of the op, as they were when it ran.
    let inputs: [Tensor]
    /// Gradient of the output → gradients of the inputs.
    let pullback: Pullback?
    /// Where the op was created, recorded only under ``withAnomalyDetection(_:)``.
    public let creationSite: String?

    init(op: OpKind, inputs: [Tensor], pullback: Pullback?, creationSite: String?) {
        self.op = op
        self.inputs = inputs
        self.pullback = pullback
        self.creationSite = creationSite
    }

    var isLeaf: Bool { pullback == nil }
}

/// Where a public op was called from, carried into the graph under anomaly detection.
public struct CallSite: Sendable, CustomStringConvertible {
    public let fileID: String
    public let line: Int
    public init(fileID: String = #fileID, line: Int = #line) {
        self.fileID = fileID
        self.line = line
    }
    public var description: String { "\(fileID):\(line)" }
}

extension Tensor {
    /// Returns a leaf tensor that requires a gradient: ``backward(_:)`` will report d(output)/d(self).
    public func requiringGradient() -> Tensor {
        precondition(dtype.isComputeFloat, "requiringGradient: dtype \(dtype) cannot have gradients (use float32/float64)")
        var t = self
        t.node = GradNode(op: .leaf, inputs: [], pullback: nil, creationSite: nil)
        return t
    }

    /// The same values cut off from the graph: no gradient flows through it. Shares storage.
    public func detached() -> Tensor {
        var t = self
        t.node = nil
        return t
    }

    /// Records `op` on `output` when recording is on and some input requires a gradient.
    ///
    /// `pullback` receives the gradient of `output` (same shape) and returns one gradient per input, in
    /// `inputs` order, each with that input's shape (nil for inputs that need none).
    static func record(
        _ op: OpKind, _ output: Tensor, inputs: [Tensor], site: CallSite? = nil, pullback: @escaping Pullback
    ) -> Tensor {
        guard GradientMode.isRecording, inputs.contains(where: { $0.requiresGradient }) else {
            var out = output
            out.node = nil
            return out
        }
        var out = output
        let where_ = GradientMode.isDetectingAnomalies ? (site?.description ?? "unknown site") : nil
        out.node = GradNode(op: op, inputs: inputs, pullback: pullback, creationSite: where_)
        return out
    }
}

extension Tensor {
    /// Whether `other` is this very tensor: the same view of the same storage and the same autodiff node (or
    /// neither has one). Fused paths (one projection GEMM for self-attention) use it: only then does computing
    /// once give the same values and gradients as computing for each.
    public func isSameTensor(as other: Tensor) -> Bool {
        storage === other.storage && offset == other.offset && shape == other.shape && strides == other.strides
            && dtype == other.dtype && node === other.node
    }
}
