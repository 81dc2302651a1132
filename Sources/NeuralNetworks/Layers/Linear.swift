// Fully connected layer.
import Tensors

/// `y = x · weightᵀ + bias` over the last axis (PyTorch's `nn.Linear`): weight `[out, in]`, bias `[out]`, both
/// initialised uniform on ±1/√in as PyTorch does.
public final class Linear: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let inputSize: Int
    public let outputSize: Int

    public init(_ inputSize: Int, _ outputSize: Int, bias: Bool = true, dtype: DType = .float32) {
        precondition(inputSize > 0 && outputSize > 0, "Linear: sizes must be positive, got \(inputSize)→\(outputSize)")
        self.inputSize = inputSize
        self.outputSize = outputSize
        weight = Parameter(Initializer.kaimingUniformDefault([outputSize, inputSize], fanIn: inputSize, dtype: dtype))
        self.bias = bias
            ? Parameter(Initializer.uniform([outputSize], bound: 1 / Double(inputSize).squareRoot(), dtype: dtype)) : nil
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank >= 1 && input.shape[input.rank - 1] == inputSize,
                     "Linear(\(inputSize)→\(outputSize)): input shape \(input.shape) does not end in \(inputSize)")
        return Tensor.linear(input, weight: weight.value, bias: bias?.value)
    }
}

/// Passes its input through unchanged (a placeholder, as `nn.Identity`).
public final class Identity: Layer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input }
}

/// Flattens dimensions `start...end` into one (`nn.Flatten`, which keeps the batch axis by default).
public final class Flatten: Layer {
    public let start: Int
    public let end: Int
    public init(start: Int = 1, end: Int = -1) {
        self.start = start
        self.end = end
    }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.flattened(from: start, to: end) }
}
