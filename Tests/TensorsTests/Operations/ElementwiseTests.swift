// Elementwise ops: broadcasting, values, special cases, both compute dtypes.
import Foundation
import Testing
import TestSupport
@testable import Tensors

@Suite("Elementwise ops")
struct ElementwiseTests {
    @Test("broadcasting follows NumPy", arguments: [DType.float32, .float64])
    func broadcasting(_ dtype: DType) {
        let a = Tensor.arange(0, 6, dtype: dtype).reshaped([2, 3, 1])
        let b = Tensor.arange(0, 4, dtype: dtype) * 10
        let c = a + b
        #expect(c.shape == [2, 3, 4])
        #expect(c[element: 1, 2, 3] == 5 + 30)
        #expect((a * 2 - 1).doubles == [-1, 1, 3, 5, 7, 9])
        #expect((1 / (a + 1)).doubles.map { ($0 * 60).rounded() } == [60, 30, 20, 15, 12, 10])
        #expect((a.transposed(0, 1) - a.transposed(0, 1)).doubles.allSatisfy { $0 == 0 })
    }

    @Test("unary functions match Foundation", arguments: [DType.float32, .float64])
    func unaryValues(_ dtype: DType) {
        let xs: [Double] = [-3, -0.5, 0.25, 1, 2.5]
        let x = Tensor(xs).to(dtype)
        let tol = dtype == .float32 ? 2e-6 : 1e-12
        func check(_ t: Tensor, _ f: (Double) -> Double, _ name: String) {
            #expect(isClose(t.doubles, xs.map(f), atol: tol, rtol: tol), "\(name)")
        }
        check(x.exp(), Foundation.exp, "exp")
        check(x.abs().log(), { Foundation.log(Swift.abs($0)) }, "log")
        check(x.abs().log1p(), { Foundation.log1p(Swift.abs($0)) }, "log1p")
        check(x.expm1(), Foundation.expm1, "expm1")
        check(x.abs().sqrt(), { Swift.abs($0).squareRoot() }, "sqrt")
        check(x.abs().rsqrt(), { 1 / Swift.abs($0).squareRoot() }, "rsqrt")
        check(x.sin(), Foundation.sin, "sin")
        check(x.cos(), Foundation.cos, "cos")
        check(x.tanh(), Foundation.tanh, "tanh")
        check(x.sigmoid(), { 1 / (1 + Foundation.exp(-$0)) }, "sigmoid")
        check(x.relu(), { Swift.max($0, 0) }, "relu")
        check(x.leakyRelu(slope: 0.1), { $0 > 0 ? $0 : 0.1 * $0 }, "leakyRelu")
        check(x.gelu(), { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }, "gelu")
        check(x.gelu(approximate: true), { 0.5 * $0 * (1 + Foundation.tanh(0.7978845608028654 * ($0 + 0.044715 * $0 * $0 * $0))) }, "gelu tanh")
        check(x.silu(), { $0 / (1 + Foundation.exp(-$0)) }, "silu")
        check(x.softplus(), { Foundation.log1p(Foundation.exp($0)) }, "softplus")
        check(x.clamped(min: -1, max: 1), { Swift.min(Swift.max($0, -1), 1) }, "clamp")
        check(x.abs().pow(1.5), { Foundation.pow(Swift.abs($0), 1.5) }, "pow")
        check(Tensor.minimum(x, x * 0), { Swift.min($0, 0) }, "minimum")
        check(Tensor.maximum(x, x * 0), { Swift.max($0, 0) }, "maximum")
        check(x.sign(), { $0 > 0 ? 1 : -1 }, "sign")
    }

    @Test("special values: sigmoid and softplus do not overflow, NaN propagates")
    func specialValues() {
        let x = Tensor([-1000, 1000, .nan] as [Float])
        #expect(x.sigmoid().scalars[0] == 0 && x.sigmoid().scalars[1] == 1)
        #expect(x.softplus().scalars[1] == 1000)
        #expect(x.relu().scalars[2].isNaN && Tensor.maximum(x, x * 0).scalars[2].isNaN)
        #expect(x.exp().scalars[1] == .infinity && x.exp().scalars[0] == 0)
    }

    @Test("comparisons give Bool masks; where and maskedFill select")
    func comparisons() {
        let a = Tensor([1, 2, 3] as [Float]), b = Tensor([3, 2, 1] as [Float])
        #expect((a .< b).dtype == .bool)
        #expect((a .< b).integers == [1, 0, 0] && (a .== b).integers == [0, 1, 0] && (a .>= 2).integers == [0, 1, 1])
        #expect(((a .> 1) & (b .> 1)).integers == [0, 1, 0] && (!(a .> 1)).integers == [1, 0, 0])
        #expect(Tensor.where(a .> 1, a, b).scalars == [3, 2, 3])
        #expect(a.maskedFill(a .== 2, with: -1).scalars == [1, -1, 3])
    }
}
