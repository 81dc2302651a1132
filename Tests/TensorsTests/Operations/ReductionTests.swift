// Reductions over axes, stability at extreme values (catalogue N3).
import Testing
import TestSupport
@testable import Tensors

@Suite("Reductions")
struct ReductionTests {
    let x = Tensor.arange(0, 24, dtype: .float64).reshaped([2, 3, 4])

    @Test("sum, mean, prod, max, min over any axes")
    func values() {
        #expect(x.sum().item == 276)
        #expect(x.sum(axes: [0, 2]).doubles == [60, 92, 124])
        #expect(x.sum(axes: [1], keepDims: true).shape == [2, 1, 4])
        #expect(x.sum(axes: [-1]).doubles == [6, 22, 38, 54, 70, 86])
        #expect(x.mean(axes: [0]).doubles.prefix(2) == [6, 7])
        #expect(x[0, 0].prod().item == 0 && x[1, 0].prod().item == 12 * 13 * 14 * 15)
        #expect(x.max(axes: [2]).doubles == [3, 7, 11, 15, 19, 23])
        #expect(x.min(axes: [0, 1]).doubles == [0, 1, 2, 3])
        #expect(x.transposed(0, 2).sum(axes: [0]).doubles == x.sum(axes: [2]).transposed().contiguous().doubles)
    }

    @Test("variance, std, norms, argmax, cumsum")
    func statistics() {
        let v = Tensor([1, 2, 3, 4] as [Double])
        #expect(abs(v.variance().item - 5.0 / 3) < 1e-15 && v.variance(correction: 0).item == 1.25)
        #expect(abs(v.standardDeviation().item - (5.0 / 3).squareRoot()) < 1e-15)
        #expect(v.norm().item == 30.0.squareRoot() && v.norm(p: 1).item == 10 && v.norm(p: .infinity).item == 4)
        let m = Tensor([[1, 5, 5], [7, 0, 2]] as [[Float]])
        #expect(m.argmax(axis: 1).integers == [1, 0] && m.argmin(axis: 0).integers == [0, 1, 1])
        let (values, indices) = m.max(axis: 1)
        #expect(values.scalars == [5, 7] && indices.integers == [1, 0])
        #expect(m.cumsum(axis: 1).scalars == [1, 6, 11, 7, 7, 9] && m.cumsum(axis: 0).scalars == [1, 5, 5, 8, 5, 7])
    }

    @Test("sums are accurate for long Float32 rows")
    func longSum() {
        let n = 1_000_003
        let t = Tensor.full(0.1, shape: [n])
        #expect(abs(t.sum().item - 0.1 * Double(n)) / (0.1 * Double(n)) < 1e-5)
    }

    @Test("logsumexp, softmax and log-softmax are stable (N3)", arguments: [DType.float32, .float64])
    func stability(_ dtype: DType) {
        let big = Tensor([1e4, 1e4] as [Double]).to(dtype)
        #expect(abs(big.logsumexp().item - (1e4 + 0.6931471805599453)) < 1e-2)
        #expect(abs((-big).logsumexp().item - (-1e4 + 0.6931471805599453)) < 1e-2)
        #expect(big.softmax().doubles == [0.5, 0.5])
        #expect((-big).logSoftmax().doubles.allSatisfy { abs($0 + 0.6931471805599453) < 1e-6 })
        let mixed = Tensor([1e4, -1e4, 0] as [Double]).to(dtype)
        #expect(mixed.softmax().doubles == [1, 0, 0] && mixed.logSoftmax().doubles[0] == 0)
        let negInf = Tensor([-Double.infinity, -.infinity] as [Double]).to(dtype)
        #expect(negInf.logsumexp().item == -.infinity)
        #expect(Tensor([Double.infinity, 1] as [Double]).to(dtype).logsumexp().item == .infinity)
        let single = Tensor([3] as [Double]).to(dtype)
        #expect(single.softmax().doubles == [1] && single.logSoftmax().doubles == [0] && single.logsumexp().item == 3)
        // Along a non-last axis.
        let grid = Tensor([[1, 2], [3, 4]] as [[Double]]).to(dtype)
        let s = grid.softmax(axis: 0).doubles
        #expect(abs(s[0] + s[2] - 1) < 1e-6 && abs(s[0] - 0.11920292202211755) < 1e-6)
    }

    @Test("gradient of logsumexp at ±1e4 and of -inf rows is finite")
    func stableGradients() {
        let x = Tensor([1e4, 1e4 - 1, -1e4] as [Double]).requiringGradient()
        let g = x.logsumexp().backward()[x]!.doubles
        #expect(g.allSatisfy { $0.isFinite } && abs(g.reduce(0, +) - 1) < 1e-12)
        let y = Tensor([-Double.infinity, 0] as [Double]).requiringGradient()
        #expect(y.logSoftmax().sum().backward()[y]!.doubles.allSatisfy { $0.isFinite })
    }
}
