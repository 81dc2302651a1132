// Indexing with index tensors and masks: gather, index-select, scatter-add, masked fill, where.

extension Tensor {
    /// Reads an integer index tensor as Int, checking each against `limit`.
    func indexValues(limit: Int, op: String) -> [Int] {
        precondition(dtype.isInteger && dtype != .bool, "\(op): indices must be an integer tensor, got \(dtype)")
        return doubles.map { v in
            let i = Int(v)
            let j = i < 0 ? i + limit : i
            precondition(j >= 0 && j < limit, "\(op): index \(i) out of range for size \(limit)")
            return j
        }
    }

    /// Decomposes a row-major linear index into coordinates of `shape`.
    static func coordinates(_ linear: Int, _ shape: [Int]) -> [Int] {
        var c = [Int](repeating: 0, count: shape.count)
        var r = linear
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            c[d] = r % shape[d]
            r /= shape[d]
        }
        return c
    }

    /// `out[…, i, …] = self[…, index[…, i, …], …]` along `axis` (`torch.gather`). `index` has this tensor's rank
    /// and is no larger in any other dimension; the result has `index`'s shape.
    public func gather(axis: Int, index: Tensor) -> Tensor {
        let a = normalizeAxis(axis, op: "gather")
        precondition(index.rank == rank, "gather: index rank \(index.rank) differs from input rank \(rank)")
        for d in 0..<rank where d != a {
            precondition(index.shape[d] <= shape[d], "gather: index shape \(index.shape) larger than input \(shape) in dimension \(d)")
        }
        let idx = index.indexValues(limit: shape[a], op: "gather")
        let out = Tensor(uninitialized: index.shape, dtype: dtype)
        for (k, i) in idx.enumerated() {
            var c = Tensor.coordinates(k, index.shape)
            c[a] = i
            out.writeDouble(storageIndex: k, readDouble(storageIndex: storageIndex(c)))
        }
        let inShape = shape
        return Tensor.record(.gather, out, inputs: [self]) { g in
            [Tensor.zeros(inShape, dtype: g.dtype).scatterAdding(axis: a, index: index, source: g)]
        }
    }

    /// Adds `source` into a copy of this tensor at `index` along `axis` (`torch.scatter_add`):
    /// `out[…, index[…, i, …], …] += source[…, i, …]`.
    public func scatterAdding(axis: Int, index: Tensor, source: Tensor) -> Tensor {
        let a = normalizeAxis(axis, op: "scatterAdding")
        precondition(index.rank == rank && source.rank == rank, "scatterAdding: index and source must have rank \(rank)")
        precondition(source.dtype == dtype, "scatterAdding: source dtype \(source.dtype) differs from \(dtype)")
        for d in 0..<rank {
            precondition(index.shape[d] <= source.shape[d] && (d == a || index.shape[d] <= shape[d]),
                         "scatterAdding: index shape \(index.shape) too large for source \(source.shape) / input \(shape)")
        }
        let idx = index.indexValues(limit: shape[a], op: "scatterAdding")
        var out = materialized()
        if out.storage === storage { out = Tensor(uninitialized: shape, dtype: dtype); out.copyElements(from: self) }
        out.node = nil
        for (k, i) in idx.enumerated() {
            let c = Tensor.coordinates(k, index.shape)
            var t = c
            t[a] = i
            let o = out.storageIndex(t)
            out.writeDouble(storageIndex: o, out.readDouble(storageIndex: o) + source.readDouble(storageIndex: source.storageIndex(c)))
        }
        return Tensor.record(.scatterAdd, out, inputs: [self, source]) { g in
            let srcGrad = g.gather(axis: a, index: index)
            // Where the index covers only part of the source, the rest of the source gets zero gradient.
            let full = srcGrad.shape == source.shape ? srcGrad
                : Tensor.embed(srcGrad, intoZerosOf: source.shape, starts: [Int](repeating: 0, count: source.rank), steps: [Int](repeating: 1, count: source.rank))
            return [g, full]
        }
    }

    /// Selects entries `indices` (a 1-D integer tensor) along `axis` (`torch.index_select`).
    public func indexSelect(axis: Int, indices: Tensor) -> Tensor {
        let a = normalizeAxis(axis, op: "indexSelect")
        precondition(indices.rank == 1, "indexSelect: indices must be 1-D, got shape \(indices.shape)")
        let idx = indices.indexValues(limit: shape[a], op: "indexSelect")
        var outShape = shape
        outShape[a] = idx.count
        let out = Tensor(uninitialized: outShape, dtype: dtype)
        for (k, i) in idx.enumerated() {
            let src = narrowed(axis: a, start: i, length: 1).detached()
            out.writeRegion(src, offset: k * out.strides[a], strides: out.strides)
        }
        let inShape = shape
        return Tensor.record(.indexSelect, out, inputs: [self]) { g in
            // Rows selected several times accumulate.
            let acc = Tensor.zeros(inShape, dtype: g.dtype)
            for (k, i) in idx.enumerated() {
                let gk = g.narrowed(axis: a, start: k, length: 1)
                var starts = [Int](repeating: 0, count: inShape.count)
                starts[a] = i
                let region = acc.slice(starts: starts, ends: starts.enumerated().map { $0.offset == a ? i + 1 : inShape[$0.offset] },
                                       steps: [Int](repeating: 1, count: inShape.count))
                let sum = region + gk
                acc.writeRegion(sum.materialized(), offset: region.offset, strides: region.strides)
            }
            return [acc]
        }
    }

    /// Elements of `a` where `condition` is true, of `b` elsewhere, with broadcasting (`torch.where`).
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.dtype == b.dtype, "where: dtypes \(a.dtype) and \(b.dtype) differ")
        let shape = broadcastShape(broadcastShape(condition.shape, a.shape, op: "where"), b.shape, op: "where")
        let out = Tensor(uninitialized: shape, dtype: a.dtype)
        let cond = condition.detached().to(.bool).expanded(to: shape).materialized()
        let pc = cond.basePointer(UInt8.self) + cond.offset
        switch a.dtype.byteSize {
        case 1: whereTyped(UInt8.self, pc, a, b, out)
        case 2: whereTyped(UInt16.self, pc, a, b, out)
        case 4: whereTyped(UInt32.self, pc, a, b, out)
        default: whereTyped(UInt64.self, pc, a, b, out)
        }
        let (shA, shB) = (a.shape, b.shape)
        return record(.where, out, inputs: [a, b]) { g in
            let zero = Tensor.zeros([], dtype: g.dtype)
            return [
                a.requiresGradient ? Tensor.where(condition, g, zero).sumToShape(shA) : nil,
                b.requiresGradient ? Tensor.where(condition, zero, g).sumToShape(shB) : nil,
            ]
        }
    }

    private static func whereTyped<T>(_: T.Type, _ pc: UnsafeMutablePointer<UInt8>, _ a: Tensor, _ b: Tensor, _ out: Tensor) {
        let pa = a.basePointer(T.self), pb = b.basePointer(T.self), po = out.basePointer(T.self)
        let sa = a.broadcastStrides(to: out.shape), sb = b.broadcastStrides(to: out.shape)
        var k = 0
        forEachRow(shape: out.shape, sa, a.offset, sb, b.offset) { i, j, n, si, sj in
            for m in 0..<n {
                po[k] = pc[k] != 0 ? pa[i + m * si] : pb[j + m * sj]
                k += 1
            }
        }
    }

    /// This tensor with `value` wherever `mask` (broadcast to this shape) is true.
    public func maskedFill(_ mask: Tensor, with value: Double) -> Tensor {
        let shape = Tensor.broadcastShape(mask.shape, self.shape, op: "maskedFill")
        precondition(shape == self.shape, "maskedFill: mask shape \(mask.shape) does not broadcast to \(self.shape)")
        // The fill value in this tensor's own dtype, so integer and half tensors work too (torch's
        // `labels.masked_fill(mask, -100)`); scalarLike would be Float32 and `where` needs matching dtypes.
        let filled = Tensor.where(mask, .full(value, shape: [], dtype: dtype), self.detached())
        return Tensor.record(.maskedFill, filled, inputs: [self]) { g in
            [Tensor.where(mask, Tensor.zeros([], dtype: g.dtype), g)]
        }
    }
}
