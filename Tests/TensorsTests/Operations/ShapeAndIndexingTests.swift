// Shape ops, joining, indexing and padding values.
import Testing
import TestSupport
@testable import Tensors

@Suite("Shape and indexing")
struct ShapeAndIndexingTests {
    let m = Tensor.arange(0, 6).reshaped([2, 3])

    @Test("reshape, permute, squeeze, expand, repeat")
    func shapes() {
        #expect(m.reshaped([3, -1]).shape == [3, 2])
        #expect(m.permuted([1, 0]).scalars == [0, 3, 1, 4, 2, 5])
        #expect(m.unsqueezed(axis: 0).shape == [1, 2, 3] && m.unsqueezed(axis: -1).shape == [2, 3, 1])
        #expect(m.unsqueezed(axis: 1).squeezed().shape == [2, 3])
        #expect(m.transposed().reshaped([6]).scalars == [0, 3, 1, 4, 2, 5])
        #expect(Tensor([1, 2] as [Float]).repeated([2, 2]).scalars == [1, 2, 1, 2, 1, 2, 1, 2])
        #expect(m.flattened().shape == [6])
    }

    @Test("concat, stack, split, chunk")
    func joining() {
        #expect(Tensor.concat([m, m * 10], axis: 1).scalars == [0, 1, 2, 0, 10, 20, 3, 4, 5, 30, 40, 50])
        #expect(Tensor.stack([m, m], axis: 0).shape == [2, 2, 3])
        #expect(Tensor.stack([m, m], axis: -1).shape == [2, 3, 2])
        let parts = m.split(sizes: [1, 2], axis: 1)
        #expect(parts[0].scalars == [0, 3] && parts[1].scalars == [1, 2, 4, 5])
        #expect(Tensor.arange(0, 5).chunked(2).map(\.count) == [3, 2])
    }

    @Test("gather, scatter-add, index-select")
    func indexing() {
        let idx = Tensor([[2, 0], [1, 1]] as [[Int64]])
        #expect(m.gather(axis: 1, index: idx).scalars == [2, 0, 4, 4])
        let s = Tensor.zeros([2, 3]).scatterAdding(axis: 1, index: idx, source: Tensor([[1, 2], [3, 4]] as [[Float]]))
        #expect(s.scalars == [2, 0, 1, 0, 7, 0])
        #expect(m.indexSelect(axis: 1, indices: Tensor([2, 2, 0] as [Int64])).scalars == [2, 2, 0, 5, 5, 3])
        #expect(m.indexSelect(axis: 0, indices: Tensor([-1] as [Int64])).scalars == [3, 4, 5])
    }

    @Test("pad and flip")
    func padAndFlip() {
        let p = m.padded([(1, 0), (0, 2)], value: -1)
        #expect(p.shape == [3, 5])
        #expect(p.scalars == [-1, -1, -1, -1, -1, 0, 1, 2, -1, -1, 3, 4, 5, -1, -1])
        #expect(m.flipped(axes: [1]).scalars == [2, 1, 0, 5, 4, 3])
        #expect((m.flipped(axes: [0, 1]) + 0).scalars == [5, 4, 3, 2, 1, 0])
    }
}
