// Pooling layers over NCHW (and NCL) inputs.
import Tensors

/// `nn.MaxPool2d`; the stride defaults to the kernel size.
public final class MaxPool2d: Layer {
    public let kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int)
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        kernel = (kernelSize, kernelSize)
        self.stride = (stride ?? kernelSize, stride ?? kernelSize)
        self.padding = (padding, padding)
    }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.maxPool2d(kernel: kernel, stride: stride, padding: padding) }
}

/// `nn.AvgPool2d`; padded zeros count in the divisor (PyTorch's default).
public final class AvgPool2d: Layer {
    public let kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int)
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        kernel = (kernelSize, kernelSize)
        self.stride = (stride ?? kernelSize, stride ?? kernelSize)
        self.padding = (padding, padding)
    }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.avgPool2d(kernel: kernel, stride: stride, padding: padding) }
}

/// `nn.AdaptiveAvgPool2d`: averages into a fixed output grid whatever the input size.
public final class AdaptiveAvgPool2d: Layer {
    public let outputSize: (Int, Int)
    public init(outputSize: (Int, Int)) { self.outputSize = outputSize }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.adaptiveAvgPool2d(outputSize: outputSize) }
}

/// `nn.MaxPool1d` over `[N, C, L]`.
public final class MaxPool1d: Layer {
    public let kernel: Int, stride: Int, padding: Int
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        kernel = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.maxPool1d(kernel: kernel, stride: stride, padding: padding) }
}

/// `nn.AvgPool1d` over `[N, C, L]`.
public final class AvgPool1d: Layer {
    public let kernel: Int, stride: Int, padding: Int
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        kernel = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }
    public func callAsFunction(_ input: Tensor) -> Tensor { input.avgPool1d(kernel: kernel, stride: stride, padding: padding) }
}
