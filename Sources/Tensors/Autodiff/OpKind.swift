// The registry of differentiable primitives.
//
// Every op that records a graph node names itself here. The gradient-check test enumerates `allCases` and
// fails for any primitive without a check, so a new op cannot ship without a verified gradient. Composite ops
// (mean, variance, norms, stack, split, repeat, conv1d, ...) are built from these and need no rule of their own.

/// A differentiable primitive operation.
public enum OpKind: String, Sendable, CaseIterable {
    case leaf
    // Elementwise binary, with broadcasting.
    case add, sub, mul, div, pow, minimum, maximum
    // Elementwise unary.
    case neg, abs, exp, log, log1p, expm1, sqrt, rsqrt, sin, cos, tanh, sigmoid
    case relu, leakyRelu, geluExact, geluTanh, silu, softplus, clamp, powScalar
    // Reductions.
    case sum, prod, max, min, logsumexp, softmax, logSoftmax, cumsum
    // Shape and indexing.
    case reshape, permute, expand, slice, concat, gather, indexSelect, scatterAdd, maskedFill, `where`
    case pad, flip, contiguous, cast
    // Linear algebra and convolution.
    case matmul, linear, conv2d, convTranspose2d, maxPool2d, avgPool2d, adaptiveAvgPool2d
    // Fused normalisation.
    case layerNorm
    // Fused sequence ops.
    case recurrence

    /// Every primitive that has a gradient rule (all but `.leaf`).
    public static var differentiable: [OpKind] { allCases.filter { $0 != .leaf } }
}
