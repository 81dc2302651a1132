// Every differentiable primitive's gradient against central differences in Float64 (catalogue N1).
// The registry test fails for any OpKind without a case here, so no op ships unchecked.
import Testing
import TestSupport
@testable import Tensors

/// One gradient check: which primitive it covers, its inputs, and the function.
struct GradientCase: CustomTestStringConvertible, Sendable {
    let op: OpKind
    let name: String
    let inputs: @Sendable () -> [Tensor]
    let f: @Sendable ([Tensor]) -> Tensor
    var eps: Double = 1e-6
    var testDescription: String { "\(op.rawValue): \(name)" }
}

private func randn(_ shape: [Int], seed: UInt64) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    return Tensor.normal(shape, dtype: .float64, using: &rng)
}

private func positive(_ shape: [Int], seed: UInt64) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    return Tensor.uniform(shape, low: 0.5, high: 2.0, dtype: .float64, using: &rng)
}

private func c(
    _ op: OpKind, _ name: String, eps: Double = 1e-6, _ inputs: @escaping @Sendable () -> [Tensor],
    _ f: @escaping @Sendable ([Tensor]) -> Tensor
) -> GradientCase {
    GradientCase(op: op, name: name, inputs: inputs, f: f, eps: eps)
}

/// The cases: broadcasting and non-contiguous (transposed, sliced, expanded) inputs included.
let gradientCases: [GradientCase] = [
    c(.add, "broadcast [3,1]+[4]", { [randn([3, 1], seed: 1), randn([4], seed: 2)] }) { $0[0] + $0[1] },
    c(.add, "transposed input", { [randn([4, 3], seed: 3), randn([3, 4], seed: 4)] }) { $0[0].transposed() + $0[1] },
    c(.sub, "broadcast", { [randn([2, 3], seed: 5), randn([1, 3], seed: 6)] }) { $0[0] - $0[1] },
    c(.mul, "broadcast + slice", { [randn([4, 6], seed: 7), randn([6], seed: 8)] }) { $0[0][.all, .stride(0, nil, 2)] * $0[1][0..<3] },
    c(.div, "broadcast", { [randn([3, 4], seed: 9), positive([3, 1], seed: 10)] }) { $0[0] / $0[1] },
    c(.pow, "tensor exponent", { [positive([3, 2], seed: 11), randn([2], seed: 12)] }) { $0[0].pow($0[1]) },
    c(.minimum, "broadcast", { [randn([3, 4], seed: 13), randn([4], seed: 14)] }) { Tensor.minimum($0[0], $0[1]) },
    c(.maximum, "broadcast", { [randn([3, 4], seed: 15), randn([3, 1], seed: 16)] }) { Tensor.maximum($0[0], $0[1]) },
    c(.neg, "", { [randn([5], seed: 17)] }) { -$0[0] },
    c(.abs, "", { [randn([2, 5], seed: 18)] }) { $0[0].abs() },
    c(.exp, "", { [randn([2, 3], seed: 19)] }) { $0[0].exp() },
    c(.exp, "non-contiguous", { [randn([3, 4], seed: 20)] }) { $0[0].transposed().exp() },
    c(.log, "", { [positive([4], seed: 21)] }) { $0[0].log() },
    c(.log1p, "", { [positive([4], seed: 22)] }) { $0[0].log1p() },
    c(.expm1, "", { [randn([4], seed: 23)] }) { $0[0].expm1() },
    c(.sqrt, "", { [positive([4], seed: 24)] }) { $0[0].sqrt() },
    c(.rsqrt, "", { [positive([4], seed: 25)] }) { $0[0].rsqrt() },
    c(.sin, "", { [randn([4], seed: 26)] }) { $0[0].sin() },
    c(.cos, "", { [randn([4], seed: 27)] }) { $0[0].cos() },
    c(.tanh, "", { [randn([2, 4], seed: 28)] }) { $0[0].tanh() },
    c(.sigmoid, "", { [randn([2, 4], seed: 29)] }) { $0[0].sigmoid() },
    c(.relu, "", { [randn([3, 4], seed: 30)] }) { $0[0].relu() },
    c(.leakyRelu, "", { [randn([3, 4], seed: 31)] }) { $0[0].leakyRelu(slope: 0.1) },
    c(.geluExact, "", { [randn([3, 4], seed: 32)] }) { $0[0].gelu() },
    c(.geluTanh, "", { [randn([3, 4], seed: 33)] }) { $0[0].gelu(approximate: true) },
    c(.silu, "", { [randn([3, 4], seed: 34)] }) { $0[0].silu() },
    c(.softplus, "", { [randn([3, 4], seed: 35)] }) { $0[0].softplus(beta: 2) },
    c(.clamp, "", { [randn([3, 4], seed: 36)] }) { $0[0].clamped(min: -0.5, max: 0.5) },
    c(.powScalar, "", { [positive([3, 4], seed: 37)] }) { $0[0].pow(2.5) },
    c(.sum, "axes keepDims", { [randn([2, 3, 4], seed: 38)] }) { $0[0].sum(axes: [0, 2], keepDims: true) },
    c(.sum, "all, non-contiguous", { [randn([3, 4], seed: 39)] }) { $0[0].transposed().sum(axes: [1]) },
    c(.prod, "axis", { [randn([3, 4], seed: 40)] }) { $0[0].prod(axes: [1]) },
    c(.max, "axis", { [randn([3, 5], seed: 41)] }) { $0[0].max(axes: [1]) },
    c(.min, "all", { [randn([3, 5], seed: 42)] }) { $0[0].min() },
    c(.logsumexp, "axis", { [randn([3, 5], seed: 43)] }) { $0[0].logsumexp(axes: [1]) },
    c(.softmax, "axis 0", { [randn([4, 3], seed: 44)] }) { $0[0].softmax(axis: 0) },
    c(.logSoftmax, "last axis", { [randn([2, 3, 5], seed: 45)] }) { $0[0].logSoftmax(axis: -1) },
    c(.cumsum, "axis 1", { [randn([3, 4], seed: 46)] }) { $0[0].cumsum(axis: 1) },
    c(.reshape, "", { [randn([2, 6], seed: 47)] }) { $0[0].reshaped([3, 4]) * Tensor.arange(0, 12, dtype: $0[0].dtype).reshaped([3, 4]) },
    c(.permute, "", { [randn([2, 3, 4], seed: 48)] }) { $0[0].permuted([2, 0, 1]).contiguous() },
    c(.expand, "", { [randn([3, 1], seed: 49)] }) { $0[0].expanded(to: [2, 3, 4]) },
    c(.slice, "range and step", { [randn([6, 5], seed: 50)] }) { $0[0][1..<5, .stride(0, nil, 2)] },
    c(.concat, "axis 1", { [randn([2, 3], seed: 51), randn([2, 2], seed: 52)] }) { Tensor.concat([$0[0], $0[1]], axis: 1) },
    c(.concat, "stack", { [randn([2, 3], seed: 53), randn([2, 3], seed: 54)] }) { Tensor.stack([$0[0], $0[1]], axis: 1) },
    c(.gather, "axis 1", { [randn([3, 4], seed: 55)] }) { $0[0].gather(axis: 1, index: Tensor([[0, 3], [1, 1], [2, 0]] as [[Int64]])) },
    c(.indexSelect, "repeated indices", { [randn([4, 3], seed: 56)] }) { $0[0].indexSelect(axis: 0, indices: Tensor([3, 0, 3] as [Int64])) },
    c(.scatterAdd, "axis 0", { [randn([3, 2], seed: 57), randn([2, 2], seed: 58)] }) {
        $0[0].scatterAdding(axis: 0, index: Tensor([[2, 0], [2, 1]] as [[Int64]]), source: $0[1])
    },
    c(.maskedFill, "", { [randn([3, 4], seed: 59)] }) { $0[0].maskedFill($0[0].detached() .> 0, with: 0.5) },
    c(.where, "broadcast", { [randn([3, 4], seed: 60), randn([4], seed: 61)] }) {
        Tensor.where(Tensor([true, false, true, false]), $0[0], $0[1])
    },
    c(.pad, "last two dims", { [randn([1, 2, 3, 3], seed: 62)] }) { $0[0].padded([(1, 0), (2, 1)], value: 0.3) },
    c(.flip, "", { [randn([3, 4], seed: 63)] }) { $0[0].flipped(axes: [0, 1]) * Tensor.arange(0, 4, dtype: $0[0].dtype) },
    c(.contiguous, "", { [randn([3, 4], seed: 64)] }) { $0[0].transposed().contiguous() * Tensor.arange(0, 3, dtype: $0[0].dtype) },
    // Rounding through Float32 needs a wider step than 1e-6 for the differences to mean anything.
    c(.cast, "to the other float type and back", eps: 1e-2, { [randn([3], seed: 65)] }) {
        $0[0].to($0[0].dtype == .float64 ? .float32 : .float64).to($0[0].dtype) * $0[0]
    },
    c(.matmul, "2-D", { [randn([3, 4], seed: 66), randn([4, 5], seed: 67)] }) { $0[0].matmul($0[1]) },
    c(.matmul, "batched broadcast + transposed", { [randn([2, 1, 3, 4], seed: 68), randn([3, 5, 4], seed: 69)] }) {
        $0[0].matmul($0[1].transposed())
    },
    c(.matmul, "vector-matrix", { [randn([4], seed: 70), randn([4, 3], seed: 71)] }) { $0[0].matmul($0[1]) },
    c(.linear, "with bias", { [randn([2, 3, 4], seed: 72), randn([5, 4], seed: 73), randn([5], seed: 74)] }) {
        Tensor.linear($0[0], weight: $0[1], bias: $0[2])
    },
    c(.conv2d, "stride, padding, dilation, bias", { [randn([2, 2, 6, 5], seed: 75), randn([3, 2, 3, 2], seed: 76), randn([3], seed: 77)] }) {
        Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], stride: (2, 1), padding: (1, 1), dilation: (1, 2))
    },
    c(.conv2d, "stride 1, padding, bias (flipped-kernel input gradient)", { [randn([2, 3, 5, 6], seed: 97), randn([4, 3, 3, 2], seed: 98), randn([4], seed: 99)] }) {
        Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], padding: (1, 0))
    },
    c(.conv2d, "stride 1, 64 output channels (col2im input gradient)", { [randn([1, 2, 4, 3], seed: 136), randn([64, 2, 3, 3], seed: 137)] }) {
        Tensor.conv2d($0[0], weight: $0[1], padding: (1, 1))
    },
    c(.conv2d, "one input channel (transposed weight gradient)", { [randn([3, 1, 6, 6], seed: 100), randn([5, 1, 3, 3], seed: 101)] }) {
        Tensor.conv2d($0[0], weight: $0[1], padding: (1, 1))
    },
    c(.conv2d, "groups", { [randn([1, 4, 5, 5], seed: 78), randn([6, 2, 3, 3], seed: 79)] }) {
        Tensor.conv2d($0[0], weight: $0[1], padding: (1, 1), groups: 2)
    },
    c(.conv2d, "conv1d", { [randn([2, 3, 7], seed: 80), randn([2, 3, 3], seed: 81)] }) {
        Tensor.conv1d($0[0], weight: $0[1], stride: 2, padding: 1)
    },
    c(.convTranspose2d, "stride, padding, output padding, bias", { [randn([2, 2, 3, 3], seed: 82), randn([2, 3, 3, 3], seed: 83), randn([3], seed: 84)] }) {
        Tensor.convTranspose2d($0[0], weight: $0[1], bias: $0[2], stride: (2, 2), padding: (1, 1), outputPadding: (1, 0))
    },
    c(.convTranspose2d, "groups, dilation", { [randn([1, 4, 3, 4], seed: 85), randn([4, 1, 2, 2], seed: 86)] }) {
        Tensor.convTranspose2d($0[0], weight: $0[1], dilation: (2, 1), groups: 2)
    },
    c(.maxPool2d, "stride, padding", { [randn([2, 2, 5, 5], seed: 87)] }) { $0[0].maxPool2d(kernel: (3, 3), stride: (2, 2), padding: (1, 1)) },
    c(.avgPool2d, "padding", { [randn([1, 2, 5, 4], seed: 88)] }) { $0[0].avgPool2d(kernel: (2, 2), stride: (2, 1), padding: (1, 1)) },
    c(.avgPool2d, "exclude pad", { [randn([1, 1, 4, 4], seed: 89)] }) { $0[0].avgPool2d(kernel: (3, 3), stride: (1, 1), padding: (1, 1), countIncludePad: false) },
    c(.adaptiveAvgPool2d, "uneven bins", { [randn([1, 2, 5, 7], seed: 90)] }) { $0[0].adaptiveAvgPool2d(outputSize: (3, 4)) },
    c(.layerNorm, "weight and bias over the last 4", { [randn([3, 4], seed: 140), randn([4], seed: 141), randn([4], seed: 142)] }) {
        Tensor.layerNorm($0[0], normalizedCount: 4, weight: $0[1], bias: $0[2])
    },
    c(.layerNorm, "no affine, two normalised dims, transposed input", { [randn([3, 2, 5], seed: 143)] }) {
        Tensor.layerNorm($0[0].transposed(0, 1), normalizedCount: 15)
    },
    // The fused recurrence (T 3, batch 2, hidden 2): inputs are x-projection, W_hh, b_hh, h_0 (and c_0).
    c(.recurrence, "RNN tanh", { [randn([3, 2, 2], seed: 110), randn([2, 2], seed: 111), randn([2], seed: 112), randn([2, 2], seed: 113)] }) {
        Tensor.recurrence(.rnnTanh, inputProjection: $0[0], hiddenWeight: $0[1], hiddenBias: $0[2], initialHidden: $0[3]).output
    },
    c(.recurrence, "RNN relu, reversed, no bias", { [randn([3, 2, 2], seed: 114), randn([2, 2], seed: 115), randn([2, 2], seed: 116)] }) {
        Tensor.recurrence(.rnnReLU, inputProjection: $0[0], hiddenWeight: $0[1], initialHidden: $0[2], reverse: true).output
    },
    c(.recurrence, "LSTM output and final cell, both biases", { [randn([3, 2, 8], seed: 117), randn([8, 2], seed: 118), randn([8], seed: 119), randn([2, 2], seed: 120), randn([2, 2], seed: 121), randn([8], seed: 134)] }) {
        let r = Tensor.recurrence(.lstm, inputProjection: $0[0], hiddenWeight: $0[1], inputBias: $0[5], hiddenBias: $0[2], initialHidden: $0[3], initialCell: $0[4])
        return Tensor.concat([r.output.flattened(), r.finalCell!.flattened()])
    },
    c(.recurrence, "LSTM reversed", { [randn([4, 1, 8], seed: 122), randn([8, 2], seed: 123), randn([1, 2], seed: 124), randn([1, 2], seed: 125)] }) {
        Tensor.recurrence(.lstm, inputProjection: $0[0], hiddenWeight: $0[1], initialHidden: $0[2], initialCell: $0[3], reverse: true).output
    },
    c(.recurrence, "GRU, both biases", { [randn([3, 2, 6], seed: 126), randn([6, 2], seed: 127), randn([6], seed: 128), randn([2, 2], seed: 129), randn([6], seed: 135)] }) {
        Tensor.recurrence(.gru, inputProjection: $0[0], hiddenWeight: $0[1], inputBias: $0[4], hiddenBias: $0[2], initialHidden: $0[3]).output
    },
    c(.recurrence, "GRU reversed", { [randn([3, 2, 6], seed: 130), randn([6, 2], seed: 131), randn([6], seed: 132), randn([2, 2], seed: 133)] }) {
        Tensor.recurrence(.gru, inputProjection: $0[0], hiddenWeight: $0[1], hiddenBias: $0[2], initialHidden: $0[3], reverse: true).output
    },
    // Composites built from the primitives above.
    c(.sum, "mean", { [randn([3, 4], seed: 91)] }) { $0[0].mean(axes: [0]) },
    c(.sum, "variance and std", { [randn([3, 4], seed: 92)] }) { $0[0].variance(axes: [1]) + $0[0].standardDeviation(axes: [1]) },
    c(.sum, "norms", { [randn([3, 4], seed: 93)] }) { $0[0].norm(axes: [1]) + $0[0].norm(p: 3, axes: [1]) },
    c(.expand, "repeat", { [randn([2, 3], seed: 94)] }) { $0[0].repeated([2, 1, 2]) },
    c(.slice, "split and chunk", { [randn([6, 2], seed: 95)] }) {
        let parts = $0[0].chunked(3)
        return parts[0] * parts[1] + $0[0].split(sizes: [1, 5])[1].sum(axes: [0])
    },
    c(.maxPool2d, "maxPool1d and avgPool1d", { [randn([2, 2, 8], seed: 96)] }) { $0[0].maxPool1d(kernel: 2) + $0[0].avgPool1d(kernel: 2) },
]

@Suite("Gradient checks (N1)")
struct GradientCheckTests {
    @Test("every differentiable primitive has a gradient check")
    func registryIsCovered() {
        let covered = Set(gradientCases.map(\.op))
        let missing = OpKind.differentiable.filter { !covered.contains($0) }
        #expect(missing.isEmpty, "ops without a gradient check: \(missing.map(\.rawValue))")
    }

    @Test("analytic gradient matches central differences", arguments: gradientCases)
    func gradientMatches(_ case_: GradientCase) {
        let result = checkGradients(eps: case_.eps, at: case_.inputs(), case_.f)
        #expect(result.passed, "\(case_.testDescription): \(result)")
    }
}
