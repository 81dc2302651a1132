// Creation, element access, copy-on-write, views, dtype conversion and printing.
import Testing
import TestSupport
@testable import Tensors

@Suite("Tensor core")
struct TensorCoreTests {
    @Test("creation functions give NumPy's values")
    func creation() {
        #expect(Tensor.arange(0, 5).scalars == [0, 1, 2, 3, 4])
        #expect(Tensor.arange(1, 2, step: 0.25).scalars == [1, 1.25, 1.5, 1.75])
        #expect(Tensor.arange(5, 0, step: -2).scalars == [5, 3, 1])
        #expect(Tensor.linspace(0, 1, count: 5).scalars == [0, 0.25, 0.5, 0.75, 1])
        #expect(Tensor.linspace(2, 3, count: 1).scalars == [2])
        #expect(Tensor.eye(2, 3).scalars == [1, 0, 0, 0, 1, 0])
        #expect(Tensor.full(7, shape: [2, 2], dtype: .int32).integers == [7, 7, 7, 7])
        #expect(Tensor.zeros([2, 0]).count == 0)
        let nested = Tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]] as [[[Float]]])
        #expect(nested.shape == [2, 2, 2])
        #expect(nested.scalars == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(Tensor([1, 2, 3] as [Int64]).dtype == .int64)
        #expect(Tensor(Float(3)).shape == [])
    }

    @Test("copies are independent (copy-on-write) and views share storage")
    func copyOnWrite() {
        let a = Tensor([1, 2, 3, 4] as [Float], shape: [2, 2])
        var b = a
        b[element: 0, 0] = 9
        #expect(a.scalars == [1, 2, 3, 4])
        #expect(b.scalars == [9, 2, 3, 4])
        let t = a.transposed()
        #expect(t.sharesStorage(with: a) && !t.isContiguous)
        #expect(t.scalars == [1, 3, 2, 4])
        #expect(a.reshaped([4]).sharesStorage(with: a))
        #expect(a.expanded(to: [3, 2, 2]).sharesStorage(with: a))
        let s = Tensor.arange(0, 10)[.stride(1, nil, 3)]
        #expect(s.scalars == [1, 4, 7])
        #expect(a[1].scalars == [3, 4] && a[.all, 1].scalars == [2, 4])
        #expect(a[.newAxis, 0].shape == [1, 2])
        #expect(a.flipped(axes: [0]).scalars == [3, 4, 1, 2] && a.flipped(axes: [0]).sharesStorage(with: a))
    }

    @Test("Float16 and BFloat16 round to nearest even, keep specials")
    func halfPrecision() {
        let values: [Float] = [0, -0.0, 1, -2.5, 65504, 70000, 1e-8, 6.1035156e-05, 5.9604645e-08, .infinity, -.infinity, 0.1, 1.0009765625 + 0.0001]
        let f16 = Tensor(values).to(.float16).to(.float32).scalars
        #expect(f16[2] == 1 && f16[3] == -2.5 && f16[4] == 65504)
        #expect(f16[5] == .infinity)  // overflow
        #expect(f16[6] == 0)  // underflow
        #expect(f16[7] == 6.1035156e-05 && f16[8] == 5.9604645e-08)  // smallest normal and subnormal
        #expect(f16[9] == .infinity && f16[10] == -.infinity)
        #expect(abs(f16[11] - 0.1) < 1e-4)
        #expect(Tensor([Float.nan]).to(.float16).to(.float32).scalars[0].isNaN)
        let bf = Tensor(values).to(.bfloat16).to(.float32).scalars
        #expect(bf[2] == 1 && bf[3] == -2.5 && bf[9] == .infinity)
        #expect(abs(bf[11] - 0.1) < 1e-3)
        #expect(Tensor([Float.nan]).to(.bfloat16).to(.float32).scalars[0].isNaN)
        // 1 + 2^-8 is halfway between two bfloat16 values: ties to even gives 1.
        #expect(Tensor([Float(1 + 0x1p-8)]).to(.bfloat16).to(.float32).scalars == [1])
    }

    @Test("integer and bool conversions")
    func integerConversions() {
        let x = Tensor([-1.7, 0.2, 2.9, 300] as [Float])
        #expect(x.to(.int64).integers == [-1, 0, 2, 300])
        #expect(x.to(.int8).integers == [-1, 0, 2, 127])
        #expect(x.to(.uint8).integers == [0, 0, 2, 255])
        #expect(x.to(.bool).integers == [1, 1, 1, 1])
        #expect(Tensor([0, 3] as [Int32]).to(.float64).doubles == [0, 3])
    }

    @Test("printing is NumPy-like and summarises large tensors")
    func printing() {
        let t = Tensor([[1, 2.5], [-3, 4]] as [[Float]])
        #expect(t.description == "Tensor([[ 1.0000,  2.5000],\n        [-3.0000,  4.0000]])")
        #expect(Tensor([1, 2] as [Int64]).description == "Tensor([1, 2], shape: [2], dtype: int64)")
        let big = Tensor.arange(0, 5000).reshaped([50, 100])
        let text = big.description
        #expect(text.contains("...") && text.contains("shape: [50, 100]") && text.count < 600)
    }
}
