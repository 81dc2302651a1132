import Testing
import TestSupport
@testable import Tensors

/// The Float32 stride-1 "same" convolution (the implicit-GEMM kernel where the CPU has it, Winograd for the 3×3
/// layers with at least 16 channels on each side) against the Float64 path (im2col + GEMM), forward and all three
/// gradients.
@Suite("Convolution, same geometry")
struct ConvolutionSameTests {
    @Test("Float32 same convolution matches the Float64 path, with gradients", arguments: [
        [3, 5, 7, 9, 11, 3, 3], [2, 32, 6, 5, 64, 3, 3], [2, 1, 9, 9, 6, 3, 3], [1, 3, 4, 6, 4, 5, 3], [2, 4, 3, 3, 3, 1, 1],
        [3, 16, 7, 5, 17, 3, 3],
    ])
    func sameMatchesDouble(_ s: [Int]) {
        let (n, c, h, w, o, kh, kw) = (s[0], s[1], s[2], s[3], s[4], s[5], s[6])
        var rng = RandomGenerator(seed: 41)
        let x64 = Tensor.normal([n, c, h, w], dtype: .float64, using: &rng)
        let w64 = Tensor.normal([o, c, kh, kw], dtype: .float64, using: &rng)
        let b64 = Tensor.normal([o], dtype: .float64, using: &rng)
        let g64 = Tensor.normal([n, o, h, w], dtype: .float64, using: &rng)
        let pad = ((kh - 1) / 2, (kw - 1) / 2)
        func run(_ dtype: DType) -> [Tensor] {
            let x = x64.to(dtype).requiringGradient(), wt = w64.to(dtype).requiringGradient()
            let b = b64.to(dtype).requiringGradient()
            let y = Tensor.conv2d(x, weight: wt, bias: b, padding: pad)
            let grads = y.backward(g64.to(dtype))
            return [y, grads[x]!, grads[wt]!, grads[b]!]
        }
        let single = run(.float32), double = run(.float64)
        for (name, (a, r)) in zip(["y", "dx", "dw", "db"], zip(single, double)) {
            #expect(a.shape == r.shape, "\(name)")
            #expect(isClose(a.doubles, r.doubles, atol: 1e-3, rtol: 1e-3), "\(name)")
        }
    }
}
