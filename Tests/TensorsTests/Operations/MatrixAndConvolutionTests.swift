// Matrix multiply broadcasting, fused linear, convolutions and pooling against direct loops.
import Testing
import TestSupport
@testable import Tensors

private func randn(_ shape: [Int], seed: UInt64, dtype: DType = .float64) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    return Tensor.normal(shape, dtype: dtype, using: &rng)
}

/// Direct NCHW convolution, the textbook sum.
private func directConv(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride: (Int, Int), pad: (Int, Int), dil: (Int, Int), groups: Int) -> [Double] {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, cg, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
    let ho = (h + 2 * pad.0 - dil.0 * (kh - 1) - 1) / stride.0 + 1, wo = (wd + 2 * pad.1 - dil.1 * (kw - 1) - 1) / stride.1 + 1
    let xv = x.doubles, wv = w.doubles, bv = b?.doubles
    var out: [Double] = []
    for img in 0..<n { for oc in 0..<o { for oh in 0..<ho { for ow in 0..<wo {
        var s = bv?[oc] ?? 0
        let g = oc / (o / groups)
        for ic in 0..<cg { for ki in 0..<kh { for kj in 0..<kw {
            let ih = oh * stride.0 - pad.0 + ki * dil.0, iw = ow * stride.1 - pad.1 + kj * dil.1
            if ih < 0 || ih >= h || iw < 0 || iw >= wd { continue }
            s += xv[((img * c + g * cg + ic) * h + ih) * wd + iw] * wv[((oc * cg + ic) * kh + ki) * kw + kj]
        } } }
        out.append(s)
    } } } }
    _ = n
    return out
}

@Suite("Matrix multiply and convolution")
struct MatrixAndConvolutionTests {
    @Test("matmul follows NumPy's promotion and broadcasting rules")
    func matmulShapes() {
        #expect(randn([3], seed: 1).matmul(randn([3], seed: 2)).shape == [])
        #expect(randn([3], seed: 1).matmul(randn([2, 3, 4], seed: 2)).shape == [2, 4])
        #expect(randn([2, 5, 3], seed: 1).matmul(randn([3], seed: 2)).shape == [2, 5])
        #expect(randn([4, 1, 2, 3], seed: 1).matmul(randn([5, 3, 6], seed: 2)).shape == [4, 5, 2, 6])
        let a = randn([2, 1, 3, 4], seed: 3), b = randn([5, 4, 2], seed: 4)
        let c = a.matmul(b)
        for i in 0..<2 { for j in 0..<5 { for r in 0..<3 { for q in 0..<2 {
            var s = 0.0
            for p in 0..<4 { s += a[element: i, 0, r, p] * b[element: j, p, q] }
            #expect(abs(c[element: i, j, r, q] - s) < 1e-12)
        } } } }
    }

    @Test("Float32 matmul with transposed and sliced operands matches Float64", arguments: [(64, 784, 256), (33, 17, 65), (16, 128, 10)])
    func matmulFloat32(_ shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        let a = randn([k, m], seed: 5), b = randn([n, k * 2], seed: 6)
        let bs = b[.all, .stride(0, nil, 2)]  // non-unit column stride: copied before the kernel
        let ref = a.transposed().matmul(bs.transposed())
        let got = a.to(.float32).transposed().matmul(bs.to(.float32).transposed())
        #expect(isClose(got, ref.to(.float32), atol: 1e-4, rtol: 1e-4))
    }

    @Test("linear equals matmul plus bias", arguments: [DType.float32, .float64])
    func linear(_ dtype: DType) {
        let x = randn([2, 3, 8], seed: 7, dtype: dtype), w = randn([5, 8], seed: 8, dtype: dtype), b = randn([5], seed: 9, dtype: dtype)
        let expected = x.matmul(w.transposed()) + b
        #expect(isClose(Tensor.linear(x, weight: w, bias: b), expected, atol: 1e-5, rtol: 1e-5))
        #expect(isClose(Tensor.linear(x, weight: w), x.matmul(w.transposed()), atol: 1e-5, rtol: 1e-5))
    }

    @Test("conv2d matches the direct sum", arguments: [
        ((1, 1), (0, 0), (1, 1), 1), ((2, 1), (1, 2), (1, 1), 1), ((1, 2), (1, 1), (2, 1), 2), ((3, 3), (2, 2), (1, 1), 4),
    ])
    func conv2d(_ p: ((Int, Int), (Int, Int), (Int, Int), Int)) {
        let (stride, pad, dil, groups) = p
        for dtype in [DType.float32, .float64] {
            let x = randn([2, 4, 7, 6], seed: 10, dtype: dtype), w = randn([8, 4 / groups, 3, 2], seed: 11, dtype: dtype)
            let b = randn([8], seed: 12, dtype: dtype)
            let y = Tensor.conv2d(x, weight: w, bias: b, stride: stride, padding: pad, dilation: dil, groups: groups)
            let ref = directConv(x, w, b, stride: stride, pad: pad, dil: dil, groups: groups)
            #expect(isClose(y.doubles, ref, atol: 1e-4, rtol: 1e-4), "\(dtype)")
        }
    }

    @Test("convTranspose2d is the adjoint of conv2d")
    func convTransposeAdjoint() {
        // <conv(x), y> == <x, convT(y)> with the same weight, stride, padding and groups.
        let x = randn([2, 4, 7, 7], seed: 13), w = randn([6, 2, 3, 3], seed: 14)
        let cx = Tensor.conv2d(x, weight: w, stride: (2, 2), padding: (1, 1), groups: 2)
        let y = randn(cx.shape, seed: 15)
        let ty = Tensor.convTranspose2d(y, weight: w, stride: (2, 2), padding: (1, 1), groups: 2)
        #expect(ty.shape == x.shape)
        #expect(abs((cx * y).sum().item - (x * ty).sum().item) < 1e-9)
        let out = Tensor.convTranspose2d(randn([1, 2, 3, 3], seed: 16), weight: randn([2, 3, 3, 3], seed: 17), stride: (2, 2), padding: (1, 1), outputPadding: (1, 1))
        #expect(out.shape == [1, 3, 6, 6])
    }

    @Test("conv1d equals conv2d on a height-1 image")
    func conv1d() {
        let x = randn([2, 3, 9], seed: 18), w = randn([4, 3, 3], seed: 19)
        let y = Tensor.conv1d(x, weight: w, stride: 2, padding: 1)
        let ref = directConv(x.unsqueezed(axis: 2), w.unsqueezed(axis: 2), nil, stride: (1, 2), pad: (0, 1), dil: (1, 1), groups: 1)
        #expect(y.shape == [2, 4, 5] && isClose(y.doubles, ref, atol: 1e-12, rtol: 1e-12))
    }

    @Test("pooling values")
    func pooling() {
        let x = Tensor.arange(0, 16, dtype: .float64).reshaped([1, 1, 4, 4])
        #expect(x.maxPool2d(kernel: (2, 2)).doubles == [5, 7, 13, 15])
        #expect(x.avgPool2d(kernel: (2, 2)).doubles == [2.5, 4.5, 10.5, 12.5])
        #expect(x.maxPool2d(kernel: (3, 3), stride: (2, 2), padding: (1, 1)).doubles == [5, 7, 13, 15])
        // Padded zeros count in the divisor by default (PyTorch): corner window sees 4 of 9.
        #expect(x.avgPool2d(kernel: (3, 3), stride: (2, 2), padding: (1, 1)).doubles[0] == (0 + 1 + 4 + 5) / 9.0)
        #expect(x.avgPool2d(kernel: (3, 3), stride: (2, 2), padding: (1, 1), countIncludePad: false).doubles[0] == 2.5)
        #expect(x.adaptiveAvgPool2d(outputSize: (1, 1)).doubles == [7.5])
        #expect(x.adaptiveAvgPool2d(outputSize: (3, 3)).doubles[0] == 2.5)  // bin rows 0..<2, cols 0..<2
    }
}
