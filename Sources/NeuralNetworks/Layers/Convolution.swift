// Convolution layers (NCHW / NCL), with PyTorch's default initialisation.
import Tensors

/// 2-D convolution (`nn.Conv2d`): weight `[out, in/groups, kH, kW]`, bias `[out]`.
public final class Conv2d: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: (Int, Int)
    public let padding: (Int, Int)
    public let dilation: (Int, Int)
    public let groups: Int

    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
                padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1, bias: Bool = true,
                dtype: DType = .float32) {
        precondition(inChannels > 0 && outChannels > 0 && groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
                     "Conv2d: channels \(inChannels)→\(outChannels) must be positive and divisible by groups \(groups)")
        let fanIn = inChannels / groups * kernelSize.0 * kernelSize.1
        weight = Parameter(Initializer.kaimingUniformDefault([outChannels, inChannels / groups, kernelSize.0, kernelSize.1],
                                                             fanIn: fanIn, dtype: dtype))
        self.bias = bias ? Parameter(Initializer.uniform([outChannels], bound: 1 / Double(fanIn).squareRoot(), dtype: dtype)) : nil
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
    }

    /// Square kernel, stride, padding and dilation.
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                            dilation: Int = 1, groups: Int = 1, bias: Bool = true, dtype: DType = .float32) {
        self.init(inChannels, outChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride),
                  padding: (padding, padding), dilation: (dilation, dilation), groups: groups, bias: bias, dtype: dtype)
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank == 4 && input.shape[1] == weight.shape[1] * groups,
                     "Conv2d: input \(input.shape) does not have \(weight.shape[1] * groups) channels in NCHW layout")
        return Tensor.conv2d(input, weight: weight.value, bias: bias?.value, stride: stride, padding: padding,
                             dilation: dilation, groups: groups)
    }
}

/// 1-D convolution (`nn.Conv1d`): weight `[out, in/groups, k]`, input `[N, C, L]`.
public final class Conv1d: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: Int
    public let padding: Int
    public let dilation: Int
    public let groups: Int

    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                dilation: Int = 1, groups: Int = 1, bias: Bool = true, dtype: DType = .float32) {
        precondition(inChannels > 0 && outChannels > 0 && groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
                     "Conv1d: channels \(inChannels)→\(outChannels) must be positive and divisible by groups \(groups)")
        let fanIn = inChannels / groups * kernelSize
        weight = Parameter(Initializer.kaimingUniformDefault([outChannels, inChannels / groups, kernelSize], fanIn: fanIn, dtype: dtype))
        self.bias = bias ? Parameter(Initializer.uniform([outChannels], bound: 1 / Double(fanIn).squareRoot(), dtype: dtype)) : nil
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank == 3 && input.shape[1] == weight.shape[1] * groups,
                     "Conv1d: input \(input.shape) does not have \(weight.shape[1] * groups) channels in NCL layout")
        return Tensor.conv1d(input, weight: weight.value, bias: bias?.value, stride: stride, padding: padding,
                             dilation: dilation, groups: groups)
    }
}

/// Transposed 2-D convolution (`nn.ConvTranspose2d`): weight `[in, out/groups, kH, kW]`.
public final class ConvTranspose2d: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: (Int, Int)
    public let padding: (Int, Int)
    public let outputPadding: (Int, Int)
    public let dilation: (Int, Int)
    public let groups: Int

    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
                padding: (Int, Int) = (0, 0), outputPadding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1),
                groups: Int = 1, bias: Bool = true, dtype: DType = .float32) {
        precondition(inChannels > 0 && outChannels > 0 && groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
                     "ConvTranspose2d: channels \(inChannels)→\(outChannels) must be positive and divisible by groups \(groups)")
        // PyTorch computes fan-in from weight.size(1) · kH · kW.
        let fanIn = outChannels / groups * kernelSize.0 * kernelSize.1
        weight = Parameter(Initializer.kaimingUniformDefault([inChannels, outChannels / groups, kernelSize.0, kernelSize.1],
                                                             fanIn: fanIn, dtype: dtype))
        self.bias = bias ? Parameter(Initializer.uniform([outChannels], bound: 1 / Double(fanIn).squareRoot(), dtype: dtype)) : nil
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.dilation = dilation
        self.groups = groups
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank == 4 && input.shape[1] == weight.shape[0],
                     "ConvTranspose2d: input \(input.shape) does not have \(weight.shape[0]) channels in NCHW layout")
        return Tensor.convTranspose2d(input, weight: weight.value, bias: bias?.value, stride: stride, padding: padding,
                                      outputPadding: outputPadding, dilation: dilation, groups: groups)
    }
}
