// DataLoader: coverage, determinism per epoch, dropLast, prefetch equals no prefetch.
import Testing
@testable import Datasets
import Tensors

@Suite("DataLoader")
struct DataLoaderTests {
    /// 23 rows: x row i = [i, 100 + i], y = i (Int64).
    let x = Tensor((0..<23).flatMap { [Float($0), Float(100 + $0)] }, shape: [23, 2])
    let y = Tensor((0..<23).map { Int64($0) })

    @Test("every row exactly once per epoch; x and y stay paired; batch shapes")
    func coverage() throws {
        let loader = try DataLoader(features: x, targets: y, batchSize: 5, seed: 3)
        #expect(loader.batchCount == 5)
        var seen: [Int] = []
        var sizes: [Int] = []
        for (xb, yb) in loader.epoch(0) {
            sizes.append(xb.shape[0])
            #expect(xb.shape[1] == 2 && yb.dtype == .int64)
            let ids = yb.integers
            #expect(xb.scalars == ids.flatMap { [Float($0), Float(100 + $0)] })
            seen += ids
        }
        #expect(sizes == [5, 5, 5, 5, 3])
        #expect(seen.sorted() == Array(0..<23))
        #expect(seen != Array(0..<23))
        #expect(seen == loader.order(epoch: 0))
    }

    @Test("same seed and epoch → same order; epochs differ; no shuffle → in order")
    func determinism() throws {
        let a = try DataLoader(features: x, targets: y, batchSize: 4, seed: 11)
        let b = try DataLoader(features: x, targets: y, batchSize: 4, seed: 11)
        #expect(a.order(epoch: 2) == b.order(epoch: 2))
        #expect(a.order(epoch: 0) != a.order(epoch: 1))
        #expect(try DataLoader(features: x, targets: y, batchSize: 4, seed: 12).order(epoch: 2) != a.order(epoch: 2))
        let plain = try DataLoader(features: x, targets: y, batchSize: 4, shuffle: false)
        #expect(plain.epoch(5).flatMap { $0.y.integers } == Array(0..<23))
    }

    @Test("dropLast leaves out the short batch")
    func dropLast() throws {
        let loader = try DataLoader(features: x, targets: y, batchSize: 5, seed: 1, dropLast: true)
        #expect(loader.batchCount == 4)
        let batches = Array(loader.epoch(0))
        #expect(batches.count == 4 && batches.allSatisfy { $0.x.shape[0] == 5 })
        #expect(Set(batches.flatMap { $0.y.integers }).count == 20)
    }

    @Test("prefetch yields the same batches as no prefetch, over several epochs")
    func prefetch() throws {
        let big = Tensor((0..<3000).map(Float.init), shape: [1000, 3])
        let labels = Tensor((0..<1000).map { Float($0 % 7) })
        let on = try DataLoader(features: big, targets: labels, batchSize: 64, seed: 5, prefetch: true)
        let off = try DataLoader(features: big, targets: labels, batchSize: 64, seed: 5, prefetch: false)
        for e in 0..<3 {
            let p = Array(on.epoch(e)), q = Array(off.epoch(e))
            #expect(p.count == q.count && p.count == 16)
            for (u, v) in zip(p, q) { #expect(u.x.scalars == v.x.scalars && u.y.scalars == v.y.scalars) }
        }
        // An iterator dropped mid-epoch leaves no trouble behind.
        var it = on.epoch(0).makeIterator()
        _ = it.next()
    }

    @Test("mismatched rows and bad batch sizes throw; a dataset without targets is rejected")
    func errors() throws {
        #expect(datasetError { _ = try DataLoader(features: x, targets: Tensor.zeros([5]), batchSize: 2) }
            == .rowCountMismatch(features: 23, targets: 5))
        #expect(datasetError { _ = try DataLoader(features: x, targets: y, batchSize: 0) } != nil)
        let iris = try BundledDataset.iris.load()
        #expect(try DataLoader(iris, batchSize: 32).batchCount == 5)
        #expect(datasetError { _ = try DataLoader(TabularDataset(features: x, featureNames: ["a", "b"]), batchSize: 2) } != nil)
    }

    @Test("rows(_:) gathers any dtype, including views")
    func rowsGather() {
        let t = Tensor((0..<12).map { Int64($0) }, shape: [4, 3])
        #expect(t.rows([3, 0]).integers == [9, 10, 11, 0, 1, 2])
        let view = t.narrowed(axis: 1, start: 1, length: 2)
        #expect(view.rows([1]).integers == [4, 5])
    }
}
