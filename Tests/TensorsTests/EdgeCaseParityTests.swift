// Edge cases where Tensor must agree with PyTorch 2.13 (CPU). Every expected value below was computed with
// torch; the Python that produced it sits in a comment beside it (`t = torch.tensor`, `F = torch.nn.functional`).
import Testing
import TestSupport
@testable import Tensors

private let inf = Double.infinity
private let nan = Double.nan

/// Elementwise equality with NaN == NaN and a tolerance.
private func same(_ a: [Double], _ b: [Double], tol: Double = 1e-6) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in
        (x.isNaN && y.isNaN) || x == y || Swift.abs(x - y) <= tol * Swift.max(1, Swift.abs(y))
    }
}

@Suite("Edge-case parity with PyTorch: elementwise")
struct EdgeCaseParityElementwiseTests {
    @Test("pow with negative bases, integer exponents and 0^0", arguments: [DType.float32, .float64])
    func powEdgeCases(_ dtype: DType) {
        // torch.pow(t([-2.,-2.,0.,0.,-1.,-8.,2.,-1.5]), t([3.,2.,0.,-1.,inf,1/3,0.5,2.]))
        let base = Tensor([-2, -2, 0, 0, -1, -8, 2, -1.5] as [Double]).to(dtype)
        let exponent = Tensor([3, 2, 0, -1, inf, 1.0 / 3, 0.5, 2] as [Double]).to(dtype)
        let expected = [-8, 4, 1, inf, 1, nan, 2.0.squareRoot(), 2.25]
        #expect(same(base.pow(exponent).doubles, expected))
        // torch.pow(t([nan]), 0.) == 1; torch.pow(t([1.]), nan) == 1; (-3)**3 with a scalar exponent.
        #expect(Tensor([nan]).to(dtype).pow(0).doubles == [1])
        #expect(Tensor([1.0]).to(dtype).pow(nan).doubles == [1])
        #expect(same(Tensor([-3, -2, 0, 4] as [Double]).to(dtype).pow(3).doubles, [-27, -8, 0, 64]))
        #expect(same(Tensor([-2, 0] as [Double]).to(dtype).pow(0).doubles, [1, 1]))
        #expect(same(Tensor([-2, -0.5] as [Double]).to(dtype).pow(-2).doubles, [0.25, 4]))
    }

    @Test("pow gradients at zero and with negative bases")
    func powGradients() {
        // x = t([0.,-2.,3.], requires_grad=True); (x**0.).sum().backward() → [0, 0, 0]
        let x = Tensor([0, -2, 3] as [Double]).requiringGradient()
        #expect(x.pow(0).sum().backward()[x]!.doubles == [0, 0, 0])
        // (x**3.).sum().backward() → [0, 12, 27]
        #expect(same(x.pow(3).sum().backward()[x]!.doubles, [0, 12, 27]))
        // a = t([0.,-2.]); b = t([0.,3.]); (a**b).sum().backward() → a.grad [0, 12], b.grad [0, nan]
        let a = Tensor([0, -2] as [Double]).requiringGradient(), b = Tensor([0, 3] as [Double]).requiringGradient()
        let grads = a.pow(b).sum().backward()
        #expect(same(grads[a]!.doubles, [0, 12]))
        #expect(same(grads[b]!.doubles, [0, nan]))
        // x = t([-2.,-1.5,0.5], requires_grad=True); (x**3).sum().backward() → [12, 6.75, 0.75]
        let negative = Tensor([-2, -1.5, 0.5] as [Double])
        let leaf = negative.requiringGradient()
        #expect(same(leaf.pow(3).sum().backward()[leaf]!.doubles, [12, 6.75, 0.75]))
        #expect(checkGradients(at: [negative]) { $0[0].pow(3) }.passed)
        // Only the base: d/d(exponent) = xʸ·ln x is NaN for a negative base (in torch too).
        #expect(checkGradients(at: [negative]) { $0[0].pow(Tensor([2, 3, -1] as [Double]).to($0[0].dtype)) }.passed)
    }

    @Test("clamp with NaN input, NaN bounds and min > max", arguments: [DType.float32, .float64])
    func clampEdgeCases(_ dtype: DType) {
        let x = Tensor([0, 1.5, 3, nan] as [Double]).to(dtype)
        // torch.clamp(t([0.,1.5,3.,nan]), min=2., max=1.) → [1, 1, 1, nan]
        #expect(same(x.clamped(min: 2, max: 1).doubles, [1, 1, 1, nan]))
        #expect(same(x.flipped(axes: [0]).clamped(min: 2, max: 1).doubles, [nan, 1, 1, 1]))
        #expect(same(x[.stride(0, nil, 2)].clamped(min: 2, max: 1).doubles, [1, 1]))
        // torch.clamp(t([0.,1.5,3.]), min=nan) → [nan, nan, nan]
        #expect(same(x.clamped(min: nan).doubles, [nan, nan, nan, nan]))
        #expect(same(x[.stride(0, nil, 2)].clamped(max: nan).doubles, [nan, nan]))
        #expect(same(x.clamped(min: 1, max: 2).doubles, [1, 1.5, 2, nan]))
    }

    @Test("activations at extreme inputs", arguments: [DType.float32, .float64])
    func activationsAtExtremes(_ dtype: DType) {
        let x = Tensor([-1e4, -100, 1e4, -10] as [Double]).to(dtype)
        // F.gelu(t([-1e4,-100.,1e4,-10.])) → [-0, -0, 1e4, -0] (exact and tanh)
        #expect(same(x.gelu().doubles, [0, 0, 1e4, 0], tol: 1e-12))
        #expect(same(x.gelu(approximate: true).doubles, [0, 0, 1e4, 0], tol: 1e-12))
        #expect(same(x.flipped(axes: [0]).gelu().doubles, [0, 1e4, 0, 0], tol: 1e-12))
        // F.gelu(t([-5.5])) → -1.6391277e-07
        #expect(same(Tensor([-5.5]).to(dtype).gelu().doubles, [-1.6391277313232422e-07], tol: 1e-4))
        // F.silu(t([-1e4,-100.,1e4,-10.])) → [-0, -3.7200760e-42, 1e4, -4.5397868e-04]
        #expect(same(x.silu().doubles, [0, dtype == .float32 ? 0 : -3.7200759760208356e-42, 1e4, -4.5397868702434395e-04], tol: 1e-5))
        // F.softplus(t([-1e4,-100.,1e4,20.,20.5])) → [0, 3.7835e-44, 1e4, 20.0, 20.5]
        let sp = Tensor([-1e4, -100, 1e4, 20, 20.5] as [Double]).to(dtype).softplus().doubles
        #expect(sp[0] == 0 && sp[1] >= 0 && sp[1] < 1e-40 && sp[2] == 1e4 && Swift.abs(sp[3] - 20) < 1e-5 && sp[4] == 20.5)
        // F.softplus(t([-1e4,1.,30.]), beta=2, threshold=5) → [0, 1.0634640, 30]
        #expect(same(Tensor([-1e4, 1, 30] as [Double]).to(dtype).softplus(beta: 2, threshold: 5).doubles, [0, 1.0634640455245972, 30], tol: 1e-6))
        // torch.sigmoid(t([-1e4,1e4,-100.])) → [0, 1, 3.7200760e-44]
        let s = Tensor([-1e4, 1e4] as [Double]).to(dtype).sigmoid().doubles
        #expect(s == [0, 1])
    }

    @Test("activation gradients stay finite at extreme inputs")
    func activationGradientsAtExtremes() {
        let x = Tensor([-1e4, -50, 50, 1e4] as [Double]).requiringGradient()
        for (name, f) in [("gelu", { (t: Tensor) in t.gelu() }), ("geluTanh", { $0.gelu(approximate: true) }),
                          ("silu", { $0.silu() }), ("softplus", { $0.softplus() }), ("sigmoid", { $0.sigmoid() })] as [(String, (Tensor) -> Tensor)] {
            let g = f(x).sum().backward()[x]!.doubles
            // torch: gradients at ±1e4 are exactly 0 and 1 for each of these (sigmoid: 0 at both ends).
            #expect(g.allSatisfy { $0.isFinite }, "\(name): \(g)")
            #expect(g[0] == 0 && (name == "sigmoid" ? g[3] == 0 : g[3] == 1), "\(name): \(g)")
        }
    }

    @Test("Float16 conversion rounds to nearest even like torch")
    func float16Conversion() {
        // [b & 0xffff for b in t(vals).to(torch.float16).view(torch.int16).tolist()]
        let values: [Float] = [1.0, 1 + 0x1p-11, 1 + 3 * 0x1p-11, 65504, 65519.99, 65520, 1e-8, 0x1p-24, 0x1p-25,
                               0x1p-25 * 1.0000001, 3 * 0x1p-25, 0x1p-14 - 0x1p-25, -0.0, .infinity, -.infinity, .nan,
                               5.960464477539063e-08, 1e5]
        let expected: [UInt16] = [15360, 15360, 15362, 31743, 31743, 31744, 0, 1, 0, 1, 2, 1024, 32768, 31744, 64512, 32256, 1, 31744]
        let half = Tensor(values).to(.float16)
        let bits = half.withUnsafeRawBytes { Array($0.bindMemory(to: UInt16.self)) }
        #expect(bits.enumerated().allSatisfy { i, b in values[i].isNaN ? (b & 0x7C00 == 0x7C00 && b & 0x3FF != 0) : b == expected[i] },
                "\(bits)")
        // And back: every finite half value is exact in Float32.
        let back = half.to(.float32).scalars
        #expect(back[3] == 65504 && back[7] == 0x1p-24 && back[11] == 0x1p-14 && back[13] == .infinity && back[15].isNaN)
        #expect(back[12].sign == .minus && back[12] == 0)
    }

    @Test("BFloat16 conversion rounds to nearest even like torch")
    func bfloat16Conversion() {
        let values: [Float] = [1.0, 1 + 0x1p-8, 1 + 3 * 0x1p-8, 3.3895313892515355e38, 3.4e38, .infinity, .nan, -.nan,
                               Float(1e-40 as Double), Float(9.18e-41 as Double), -0.0, -.infinity]
        // torch: [16256, 16256, 16258, 32639, 32640, 32640, nan, nan, 1, 1, 32768, 65408]
        let expected: [UInt16] = [16256, 16256, 16258, 32639, 32640, 32640, 0, 0, 1, 1, 32768, 65408]
        let bits = Tensor(values).to(.bfloat16).withUnsafeRawBytes { Array($0.bindMemory(to: UInt16.self)) }
        #expect(bits.enumerated().allSatisfy { i, b in values[i].isNaN ? (b & 0x7F80 == 0x7F80 && b & 0x7F != 0) : b == expected[i] },
                "\(bits)")
        #expect(Tensor(values).to(.bfloat16).to(.float32).scalars[8] == Float(bitPattern: 1 << 16))
    }
}

@Suite("Edge-case parity with PyTorch: reductions")
struct EdgeCaseParityReductionTests {
    @Test("reductions of a rank-0 tensor along axis 0 / -1")
    func scalarReductions() {
        // s = t(5.); s.sum(0), s.sum(-1), s.argmax(0), s.cumsum(0), softmax(s,0), log_softmax(s,0), s.max(0), s.prod(0)
        let s = Tensor(5.0)
        #expect(s.sum(axis: 0).shape == [] && s.sum(axis: 0).item == 5)
        #expect(s.sum(axis: -1).item == 5)
        #expect(s.mean(axis: 0).item == 5)
        #expect(s.max(axes: [0]).item == 5 && s.min(axes: [-1]).item == 5)
        #expect(s.prod(axes: [0]).item == 5)
        #expect(s.logsumexp(axes: [0]).item == 5)
        #expect(s.argmax(axis: 0).shape == [] && s.argmax(axis: 0).item == 0)
        #expect(s.argmin(axis: -1).item == 0)
        #expect(s.cumsum(axis: 0).shape == [] && s.cumsum(axis: 0).item == 5)
        #expect(s.softmax(axis: 0).shape == [] && s.softmax(axis: 0).item == 1)
        #expect(s.logSoftmax(axis: -1).item == 0)
        let v = s.max(axis: 0)
        #expect(v.values.item == 5 && v.indices.item == 0)
        // Gradients flow through the scalar reductions.
        let x = Tensor(3.0).requiringGradient()
        #expect(x.prod(axes: [0]).backward()[x]!.item == 1)
        #expect(x.cumsum(axis: 0).backward()[x]!.item == 1)
        #expect(x.softmax(axis: 0).backward()[x]!.item == 0)
    }

    @Test("reductions over zero-size dimensions")
    func emptyReductions() {
        // torch.zeros(0,3).sum(0) → [0,0,0]; .mean(0) → [nan]*3; torch.zeros(2,0).sum(1) → [0,0]; prod → 1
        #expect(Tensor.zeros([0, 3]).sum(axis: 0).doubles == [0, 0, 0])
        #expect(Tensor.zeros([0, 3]).mean(axis: 0).doubles.allSatisfy { $0.isNaN })
        #expect(Tensor.zeros([2, 0]).sum(axis: 1).doubles == [0, 0])
        #expect(Tensor.zeros([2, 0]).prod(axes: [1]).doubles == [1, 1])
        #expect(Tensor.zeros([0]).prod().item == 1)
        // torch.logsumexp(torch.zeros(0), 0) → -inf; cumsum keeps the empty shape.
        #expect(Tensor.zeros([0]).logsumexp().item == -inf)
        #expect(Tensor.zeros([0, 3]).cumsum(axis: 0).shape == [0, 3])
        #expect(Tensor.zeros([2, 0]).cumsum(axis: -1).shape == [2, 0])
        // torch.linalg.vector_norm(torch.zeros(0)) → 0 (p = 2 and p = 1)
        #expect(Tensor.zeros([0]).norm().item == 0 && Tensor.zeros([0]).norm(p: 1).item == 0)
        // torch.zeros(0).var() → nan
        #expect(Tensor.zeros([0]).variance().item.isNaN)
    }

    @Test("variance and std with correction, tuples of negative axes and keepDims")
    func varianceCorrection() {
        let x = Tensor([1, 2, 4] as [Double])
        // t([1.,2.,4.]).var(correction=0) → 1.5555556; correction=2 → 4.6666667; t([1.]).var() → nan; std → 1.5275252
        #expect(same(x.variance(correction: 0).doubles, [14.0 / 9]))
        #expect(same(x.variance(correction: 2).doubles, [14.0 / 3]))
        #expect(Tensor([1.0]).variance().item.isNaN)
        #expect(same(x.standardDeviation().doubles, [1.5275252316519468]))
        // a = torch.arange(24.).reshape(2,3,4); a.var(dim=(0,2), keepdim=True) → [42.571430]*3 (shape [1,3,1])
        let a = Tensor.arange(0, 24, dtype: .float64).reshaped([2, 3, 4])
        let v = a.variance(axes: [0, -1], keepDims: true)
        #expect(v.shape == [1, 3, 1] && same(v.doubles, [298.0 / 7, 298.0 / 7, 298.0 / 7]))
        // a.std(dim=(-1,0), correction=0) → [6.1032777]*3
        #expect(same(a.standardDeviation(axes: [-1, 0], correction: 0).doubles, [Double](repeating: 6.103277807866851, count: 3)))
    }

    @Test("max/min propagate NaN; argmax/argmin take the first of ties and the first NaN", arguments: [DType.float32, .float64])
    func nanAndTies(_ dtype: DType) {
        let x = Tensor([1, nan, 3] as [Double]).to(dtype)
        // t([1.,nan,3.]).max() → nan, .argmax() → 1; t([1.,nan,nan]).argmin() → 1
        #expect(x.max().item.isNaN && x.min().item.isNaN)
        #expect(x.argmax(axis: 0).item == 1 && x.argmin(axis: -1).item == 1)
        #expect(Tensor([1, nan, nan] as [Double]).to(dtype).argmin(axis: 0).item == 1)
        // t([1.,3.,3.]).argmax() → 1; t([2.,1.,1.]).argmin() → 1
        #expect(Tensor([1, 3, 3] as [Double]).to(dtype).argmax(axis: 0).item == 1)
        #expect(Tensor([2, 1, 1] as [Double]).to(dtype).argmin(axis: 0).item == 1)
        // torch.maximum(t([1.,nan]), t([nan,0.])) → [nan, nan]
        #expect(Tensor.maximum(Tensor([1, nan] as [Double]).to(dtype), Tensor([nan, 0] as [Double]).to(dtype)).doubles.allSatisfy { $0.isNaN })
    }

    @Test("logsumexp, softmax and log-softmax with ±1e4 and -inf", arguments: [DType.float32, .float64])
    func softmaxExtremes(_ dtype: DType) {
        // torch.logsumexp(t([-inf,-inf]),0) → -inf
        #expect(Tensor([-inf, -inf]).to(dtype).logsumexp().item == -inf)
        // torch.softmax(t([1e4,-1e4,0.]),0) → [1,0,0]; log_softmax → [0,-20000,-10000]
        let big = Tensor([1e4, -1e4, 0] as [Double]).to(dtype)
        #expect(big.softmax().doubles == [1, 0, 0])
        #expect(big.logSoftmax().doubles == [0, -20000, -10000])
        // torch.softmax(t([-inf,0.,1.]),0) → [0, 0.26894142, 0.73105858]; log_softmax → [-inf, -1.3132617, -0.3132617]
        let withInf = Tensor([-inf, 0, 1]).to(dtype)
        #expect(same(withInf.softmax().doubles, [0, 0.2689414213699951, 0.7310585786300049]))
        #expect(same(withInf.logSoftmax().doubles, [-inf, -1.3132616875182228, -0.31326168751822286]))
        // A row of all -inf: torch gives NaN for both.
        #expect(Tensor([-inf, -inf]).to(dtype).softmax().doubles.allSatisfy { $0.isNaN })
        #expect(Tensor([-inf, -inf]).to(dtype).logSoftmax().doubles.allSatisfy { $0.isNaN })
        // Softmax along axis 0 of a matrix (the non-last-axis path).
        let m = Tensor([[-inf, 1e4], [0, -1e4]] as [[Double]]).to(dtype)
        #expect(same(m.softmax(axis: 0).doubles, [0, 1, 1, 0]))
        #expect(same(m.logSoftmax(axis: -2).doubles, [-inf, 0, 0, -20000]))
    }

    @Test("norms p = 1, 2, inf and their gradients")
    func norms() {
        let src = Tensor.arange(0, 6, dtype: .float64).reshaped([2, 3])
        // torch.linalg.vector_norm(src,1,dim=-1) → [3,12]; (src, inf, dim=0) → [3,4,5]; (src, 3) → 6.0822024
        #expect(src.norm(p: 1, axes: [-1]).doubles == [3, 12])
        #expect(src.norm(p: .infinity, axes: [0]).doubles == [3, 4, 5])
        #expect(same(src.norm(p: 3).doubles, [6.082202253084475]))
        // x = t([0.,0.]); vector_norm(x).backward() → [0, 0]
        let zero = Tensor([0, 0] as [Double]).requiringGradient()
        #expect(zero.norm().backward()[zero]!.doubles == [0, 0])
        let rows = Tensor([[0, 0], [3, 4]] as [[Double]]).requiringGradient()
        #expect(same(rows.norm(axes: [1]).sum().backward()[rows]!.doubles, [0, 0, 0.6, 0.8]))
        // vector_norm(t([3.,-3.,1.]), inf).backward() → [0.5, -0.5, 0]; ord=1 at t([0.,2.]) → [0, 1]
        let ties = Tensor([3, -3, 1] as [Double]).requiringGradient()
        #expect(ties.norm(p: .infinity).backward()[ties]!.doubles == [0.5, -0.5, 0])
        let l1 = Tensor([0, 2] as [Double]).requiringGradient()
        #expect(l1.norm(p: 1).backward()[l1]!.doubles == [0, 1])
    }

    @Test("cumsum along negative axes")
    func cumsumAxes() {
        let src = Tensor.arange(0, 6, dtype: .float64).reshaped([2, 3])
        // src.cumsum(-1) → [[0,1,3],[3,7,12]]; src.cumsum(0) → [[0,1,2],[3,5,7]]
        #expect(src.cumsum(axis: -1).doubles == [0, 1, 3, 3, 7, 12])
        #expect(src.cumsum(axis: 0).doubles == [0, 1, 2, 3, 5, 7])
    }
}

@Suite("Edge-case parity with PyTorch: shapes and indexing")
struct EdgeCaseParityShapeTests {
    @Test("slicing with out-of-range and negative bounds")
    func slicing() {
        let x = Tensor.arange(0, 10, dtype: .float64)
        // x[8:100], x[-100:2], x[5:2], x[-3:], x[::3], x[-100:-50]
        #expect(x[8..<100].doubles == [8, 9])
        #expect(x[.stride(-100, 2, 1)].doubles == [0, 1])
        #expect(x[.stride(5, 2, 1)].shape == [0])
        #expect(x[(-3)...].doubles == [7, 8, 9])
        #expect(x[.stride(nil, nil, 3)].doubles == [0, 3, 6, 9])
        #expect(x[.stride(-100, -50, 1)].shape == [0])
        // Slicing an empty slice again, and its gradient (zeros).
        let v = x.requiringGradient()
        #expect(v[.stride(5, 2, 1)].sum().backward()[v]!.doubles == [Double](repeating: 0, count: 10))
    }

    @Test("flip, repeat, split and chunk with empty and uneven sizes")
    func joiningEdgeCases() {
        // torch.zeros(0,3).flip(0).shape → [0,3]
        #expect(Tensor.zeros([0, 3]).flipped(axes: [0]).shape == [0, 3])
        #expect(Tensor.arange(0, 6, dtype: .float64).reshaped([2, 3]).flipped(axes: [-1, 0]).doubles == [5, 4, 3, 2, 1, 0])
        // torch.arange(3.).repeat(2,2); torch.zeros(0,2).repeat(3,1).shape; t(5.).repeat(3)
        #expect(Tensor.arange(0, 3, dtype: .float64).repeated([2, 2]).doubles == [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2])
        #expect(Tensor.zeros([0, 2]).repeated([3, 1]).shape == [0, 2])
        #expect(Tensor(5.0).repeated([3]).doubles == [5, 5, 5])
        #expect(Tensor.arange(0, 2, dtype: .float64).repeated([0, 1]).shape == [0, 2])
        // torch.arange(5.).split([2,0,3])
        let parts = Tensor.arange(0, 5, dtype: .float64).split(sizes: [2, 0, 3])
        #expect(parts.map(\.shape) == [[2], [0], [3]] && parts[2].doubles == [2, 3, 4])
        // [c.shape for c in torch.zeros(5).chunk(3)] → [2,2,1]; torch.zeros(6).chunk(5) → [2,2,2]; zeros(6).chunk(4) → 3 pieces
        #expect(Tensor.zeros([5]).chunked(3).map(\.shape) == [[2], [2], [1]])
        #expect(Tensor.zeros([6]).chunked(5).map(\.shape) == [[2], [2], [2]])
        #expect(Tensor.zeros([6]).chunked(4).count == 3)
        // torch.zeros(0).chunk(3) → three empty tensors; torch.zeros(2,0).chunk(2, dim=-1) → two [2,0]
        #expect(Tensor.zeros([0]).chunked(3).map(\.shape) == [[0], [0], [0]])
        #expect(Tensor.zeros([2, 0]).chunked(2, axis: -1).map(\.shape) == [[2, 0], [2, 0]])
    }

    @Test("concat and stack with empty tensors")
    func concatEmpty() {
        // torch.cat([torch.zeros(0,3), torch.ones(2,3)]).shape → [2,3]
        let c = Tensor.concat([Tensor.zeros([0, 3]), Tensor.ones([2, 3])])
        #expect(c.shape == [2, 3] && c.doubles == [Double](repeating: 1, count: 6))
        // torch.stack([torch.zeros(0,3)]*2).shape → [2,0,3]; torch.stack([torch.zeros(0,3)], dim=-1).shape → [0,3,1]
        #expect(Tensor.stack([Tensor.zeros([0, 3]), Tensor.zeros([0, 3])]).shape == [2, 0, 3])
        #expect(Tensor.stack([Tensor.zeros([0, 3])], axis: -1).shape == [0, 3, 1])
        #expect(Tensor.concat([Tensor.zeros([2, 0]), Tensor.ones([2, 1])], axis: -1).doubles == [1, 1])
        // Gradient of concat with an empty piece.
        let a = Tensor.zeros([0, 3], dtype: .float64).requiringGradient(), b = Tensor.ones([2, 3], dtype: .float64).requiringGradient()
        let g = Tensor.concat([a, b]).sum().backward()
        #expect(g[a]!.shape == [0, 3] && g[b]!.doubles == [Double](repeating: 1, count: 6))
    }

    @Test("gather, scatter-add and index-select with repeated indices and negative axes")
    func indexing() {
        let src = Tensor.arange(0, 6, dtype: .float64).reshaped([2, 3])
        // torch.gather(src,1,t([[2,2,0],[1,1,1]])) → [[2,2,0],[4,4,4]]
        let idx = Tensor([[2, 2, 0], [1, 1, 1]] as [[Int64]])
        #expect(src.gather(axis: -1, index: idx).doubles == [2, 2, 0, 4, 4, 4])
        // torch.zeros(2,3).scatter_add(1,t([[0,0,2],[1,1,1]]),torch.ones(2,3)) → [[2,0,1],[0,3,0]]
        let sa = Tensor.zeros([2, 3], dtype: .float64).scatterAdding(axis: 1, index: Tensor([[0, 0, 2], [1, 1, 1]] as [[Int64]]),
                                                                     source: Tensor.ones([2, 3], dtype: .float64))
        #expect(sa.doubles == [2, 0, 1, 0, 3, 0])
        // scatter_add(-1, t([[0,0],[1,1]]), ones(2,3)) → [[2,0,0],[0,2,0]] (index smaller than source)
        let sb = Tensor.zeros([2, 3], dtype: .float64).scatterAdding(axis: -1, index: Tensor([[0, 0], [1, 1]] as [[Int64]]),
                                                                     source: Tensor.ones([2, 3], dtype: .float64))
        #expect(sb.doubles == [2, 0, 0, 0, 2, 0])
        // src.index_select(0,t([1,1,0])); src.index_select(-1,t([2,2])); empty index → shape [0,3]
        #expect(src.indexSelect(axis: 0, indices: Tensor([1, 1, 0] as [Int64])).doubles == [3, 4, 5, 3, 4, 5, 0, 1, 2])
        #expect(src.indexSelect(axis: -1, indices: Tensor([2, 2] as [Int64])).doubles == [2, 2, 5, 5])
        #expect(src.indexSelect(axis: 0, indices: Tensor([] as [Int64])).shape == [0, 3])
        // Gradients accumulate over repeated indices: gather → [[0,0,2],... ] counts.
        let x = src.requiringGradient()
        #expect(x.gather(axis: 1, index: idx).sum().backward()[x]!.doubles == [1, 0, 2, 0, 3, 0])
        #expect(x.indexSelect(axis: -1, indices: Tensor([2, 2, 0] as [Int64])).sum().backward()[x]!.doubles == [1, 0, 2, 1, 0, 2])
        #expect(checkGradients(at: [src, Tensor.ones([2, 3], dtype: .float64)]) {
            $0[0].scatterAdding(axis: -1, index: Tensor([[0, 0], [1, 1]] as [[Int64]]), source: $0[1])
        }.passed)
    }

    @Test("where and masked fill with broadcasting")
    func whereAndMaskedFill() {
        // torch.where(t([[True],[False]]), t([1.,2.,3.]), t(0.)) → [[1,2,3],[0,0,0]]
        let w = Tensor.where(Tensor([[true], [false]]), Tensor([1, 2, 3] as [Double]), Tensor(0.0))
        #expect(w.shape == [2, 3] && w.doubles == [1, 2, 3, 0, 0, 0])
        // src.masked_fill(t([True,False,True]), -1.) → [[-1,1,-1],[-1,4,-1]]
        let src = Tensor.arange(0, 6, dtype: .float64).reshaped([2, 3])
        #expect(src.maskedFill(Tensor([true, false, true]), with: -1).doubles == [-1, 1, -1, -1, 4, -1])
        // Integer and half tensors: t([1,2,3]).masked_fill(t([True,False,True]), -100) → [-100, 2, -100];
        // t([1.,2.], dtype=torch.float16).masked_fill(t([False,True]), 0.1).view(torch.int16) → [15360, 11878]
        let labels = Tensor([1, 2, 3] as [Int64]).maskedFill(Tensor([true, false, true]), with: -100)
        #expect(labels.dtype == .int64 && labels.integers == [-100, 2, -100])
        let half = Tensor([1, 2] as [Float]).to(.float16).maskedFill(Tensor([false, true]), with: 0.1)
        #expect(half.dtype == .float16 && half.withUnsafeRawBytes { Array($0.bindMemory(to: UInt16.self)) } == [15360, 11878])
        // Gradients reduce back to the broadcast operand's shape.
        let a = Tensor([1, 2, 3] as [Double]).requiringGradient(), b = Tensor(0.0).requiringGradient()
        let g = Tensor.where(Tensor([[true], [false]]), a, b).sum().backward()
        #expect(g[a]!.doubles == [1, 1, 1] && g[b]!.item == 3)
    }

    @Test("constant padding on the trailing dimensions")
    func padding() {
        // F.pad(torch.arange(4.).reshape(1,1,2,2), (1,0,0,2), value=7)
        let x = Tensor.arange(0, 4, dtype: .float64).reshaped([1, 1, 2, 2])
        let p = x.padded([(0, 2), (1, 0)], value: 7)
        #expect(p.shape == [1, 1, 4, 3] && p.doubles == [7, 0, 1, 7, 2, 3, 7, 7, 7, 7, 7, 7])
        // Padding an empty dimension.
        #expect(Tensor.zeros([2, 0]).padded([(1, 1)], value: 3).doubles == [3, 3, 3, 3])
    }
}

@Suite("Edge-case parity with PyTorch: matmul, convolution, pooling")
struct EdgeCaseParityLinearTests {
    @Test("matmul promotes 1-D operands and broadcasts batches like torch.matmul", arguments: [DType.float32, .float64])
    func matmulBroadcasting(_ dtype: DType) {
        let v3 = Tensor.arange(0, 3, dtype: dtype), v4 = Tensor.arange(0, 4, dtype: dtype)
        // torch.matmul(torch.arange(3.), torch.arange(3.)+1) → 8 (rank 0)
        let dot = v3.matmul(v3 + 1)
        #expect(dot.shape == [] && dot.item == 8)
        let a = Tensor.arange(0, 24, dtype: dtype).reshaped([2, 3, 4])
        // torch.matmul(torch.arange(3.), A) → [[20,23,26,29],[56,59,62,65]]
        let vm = v3.matmul(a)
        #expect(vm.shape == [2, 4] && vm.doubles == [20, 23, 26, 29, 56, 59, 62, 65])
        // torch.matmul(A, torch.arange(4.)) → [[14,38,62],[86,110,134]]
        let mv = a.matmul(v4)
        #expect(mv.shape == [2, 3] && mv.doubles == [14, 38, 62, 86, 110, 134])
        // X = arange(24).reshape(2,1,3,4); Y = arange(40).reshape(5,4,2): shape [2,5,3,2], sum 54420, [1,3] = ...
        let x = Tensor.arange(0, 24, dtype: dtype).reshaped([2, 1, 3, 4]), y = Tensor.arange(0, 40, dtype: dtype).reshaped([5, 4, 2])
        let xy = x.matmul(y)
        #expect(xy.shape == [2, 5, 3, 2] && xy.sum().item == 54420)
        #expect(xy[1, 3].doubles == [1468, 1522, 1900, 1970, 2332, 2418])
        // Empty inner and outer dimensions: zeros(2,0)·zeros(0,3) → zeros(2,3); zeros(0,3)·zeros(3,2) → [0,2]
        #expect(Tensor.zeros([2, 0], dtype: dtype).matmul(Tensor.zeros([0, 3], dtype: dtype)).doubles == [Double](repeating: 0, count: 6))
        #expect(Tensor.zeros([0, 3], dtype: dtype).matmul(Tensor.zeros([3, 2], dtype: dtype)).shape == [0, 2])
    }

    @Test("matmul gradients with 1-D and broadcast batch operands")
    func matmulGradients() {
        var rng = RandomGenerator(seed: 7)
        let x = Tensor.normal([2, 1, 3, 4], dtype: .float64, using: &rng), y = Tensor.normal([5, 4, 2], dtype: .float64, using: &rng)
        #expect(checkGradients(at: [x, y]) { $0[0].matmul($0[1]) }.passed)
        let v = Tensor.normal([4], dtype: .float64, using: &rng)
        #expect(checkGradients(at: [x, v]) { $0[0].matmul($0[1]) }.passed)
        #expect(checkGradients(at: [v, y]) { $0[0].matmul($0[1]) }.passed)
        #expect(checkGradients(at: [v, v]) { $0[0].matmul($0[1]) }.passed)
    }

    @Test("conv2d with stride, padding, dilation and groups")
    func conv2dGeometry() {
        // x = arange(2*4*5*6).reshape(2,4,5,6)/100; w = (arange(6*2*3*2).reshape(6,2,3,2)-30)/50; b = [.1,-.2,.3,0,.5,-.5]
        // F.conv2d(x,w,b,stride=(2,1),padding=(1,2),dilation=(2,1),groups=2): shape [2,6,2,9], sum 294.79678
        let x = Tensor.arange(0, 240, dtype: .float64).reshaped([2, 4, 5, 6]) / 100
        let w = (Tensor.arange(0, 72, dtype: .float64).reshaped([6, 2, 3, 2]) - 30) / 50
        let b = Tensor([0.1, -0.2, 0.3, 0, 0.5, -0.5] as [Double])
        let y = Tensor.conv2d(x, weight: w, bias: b, stride: (2, 1), padding: (1, 2), dilation: (2, 1), groups: 2)
        #expect(y.shape == [2, 6, 2, 9])
        #expect(same(y.sum().doubles, [294.7967834472656], tol: 1e-6))
        // y[1,5].flatten()[:6]
        #expect(same(Array(y[1, 5].doubles.prefix(6)), [-0.5, 5.668, 11.7, 11.7584, 11.8168, 11.8752], tol: 1e-6))
        let small = [x[0..<1, .all, 0..<4, 0..<4], w[.all, .all, 0..<2, .all], b]
        #expect(checkGradients(at: small) {
            Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], stride: (2, 1), padding: (1, 2), dilation: (2, 1), groups: 2)
        }.passed)
    }

    @Test("conv1d with stride, padding, dilation and groups")
    func conv1dGeometry() {
        // x1 = arange(2*4*9).reshape(2,4,9)/10; w1 = (arange(4*2*3).reshape(4,2,3)-10)/10
        // F.conv1d(x1,w1,None,stride=2,padding=3,dilation=2,groups=2).flatten()[:12]
        let x = Tensor.arange(0, 72, dtype: .float64).reshaped([2, 4, 9]) / 10
        let w = (Tensor.arange(0, 24, dtype: .float64).reshaped([4, 2, 3]) - 10) / 10
        let y = Tensor.conv1d(x, weight: w, stride: 2, padding: 3, dilation: 2, groups: 2)
        #expect(y.shape == [2, 4, 6])
        #expect(same(Array(y.doubles.prefix(12)), [-0.58, -1.53, -2.89, -3.79, -3.07, -1.82, 0.08, 0.03, -0.19, -0.37, -0.55, -0.44], tol: 1e-6))
        #expect(same(Array(y.doubles.suffix(6)), [13.82, 26.91, 39.23, 40.49, 26.09, 12.58], tol: 1e-6))
    }

    @Test("convTranspose2d with output padding, groups and dilation")
    func convTranspose() {
        // xt = arange(36).reshape(1,4,3,3)/10; wt = (arange(108).reshape(4,3,3,3)-50)/40; bt = [.1,.2,.3,.4,.5,.6]
        // F.conv_transpose2d(xt,wt,bt,stride=2,padding=1,output_padding=1,groups=2): [1,6,6,6], sum 794.33997
        let x = Tensor.arange(0, 36, dtype: .float64).reshaped([1, 4, 3, 3]) / 10
        let w = (Tensor.arange(0, 108, dtype: .float64).reshaped([4, 3, 3, 3]) - 50) / 40
        let b = Tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6] as [Double])
        let y = Tensor.convTranspose2d(x, weight: w, bias: b, stride: (2, 2), padding: (1, 1), outputPadding: (1, 1), groups: 2)
        #expect(y.shape == [1, 6, 6, 6])
        #expect(same(y.sum().doubles, [794.3399658203125], tol: 1e-6))
        #expect(same(Array(y[0, 4].doubles.prefix(8)), [4.235, 8.1175, 4.3875, 8.4225, 4.54, 4.6625, 8.3825, 16.56], tol: 1e-6))
        #expect(checkGradients(at: [x, w, b]) {
            Tensor.convTranspose2d($0[0], weight: $0[1], bias: $0[2], stride: (2, 2), padding: (1, 1), outputPadding: (1, 1), groups: 2)
        }.passed)
        // output_padding ≥ stride is allowed when dilation is larger: F.conv_transpose2d(xt,wt,None,stride=1,
        // output_padding=1,dilation=2,groups=2) → [1,6,8,8], sum 886.95
        let yd = Tensor.convTranspose2d(x, weight: w, outputPadding: (1, 1), dilation: (2, 2), groups: 2)
        #expect(yd.shape == [1, 6, 8, 8])
        #expect(same(yd.sum().doubles, [886.9500122070312], tol: 1e-6))
        #expect(checkGradients(at: [x, w]) {
            Tensor.convTranspose2d($0[0], weight: $0[1], outputPadding: (1, 1), dilation: (2, 2), groups: 2)
        }.passed)
    }

    @Test("pooling: adaptive with non-divisible sizes, average with padding, max with dilation")
    func pooling() {
        let x = Tensor.arange(0, 35, dtype: .float64).reshaped([1, 1, 5, 7])
        // F.adaptive_avg_pool2d(xa,(3,4)).flatten(); F.adaptive_avg_pool2d(xa,(7,9)).sum() → 1071
        #expect(x.adaptiveAvgPool2d(outputSize: (3, 4)).doubles == [4, 5.5, 7.5, 9, 14.5, 16, 18, 19.5, 25, 26.5, 28.5, 30])
        #expect(x.adaptiveAvgPool2d(outputSize: (7, 9)).sum().item == 1071)
        // F.avg_pool2d(xa,3,2,1) and count_include_pad=False
        let withPad: [Double] = [16.0 / 9, 33.0 / 9, 5, 4, 87.0 / 9, 16, 18, 13, 100.0 / 9, 159.0 / 9, 19, 120.0 / 9]
        #expect(same(x.avgPool2d(kernel: (3, 3), stride: (2, 2), padding: (1, 1)).doubles, withPad))
        #expect(same(x.avgPool2d(kernel: (3, 3), stride: (2, 2), padding: (1, 1), countIncludePad: false).doubles,
                     [4, 5.5, 7.5, 9, 14.5, 16, 18, 19.5, 25, 26.5, 28.5, 30]))
        // F.max_pool2d(xa,3,2,1); F.max_pool2d(xa,2,1,0,dilation=2)
        #expect(x.maxPool2d(kernel: (3, 3), stride: (2, 2), padding: (1, 1)).doubles == [8, 10, 12, 13, 22, 24, 26, 27, 29, 31, 33, 34])
        #expect(x.maxPool2d(kernel: (2, 2), stride: (1, 1), dilation: (2, 2)).doubles
                == [16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30, 31, 32, 33, 34])
        #expect(checkGradients(at: [x / 10]) { $0[0].adaptiveAvgPool2d(outputSize: (3, 4)) }.passed)
    }
}
